// @description A national stockpile is one (:Stockpile) node per country and element: upsert_stockpiles' MERGE seeks it in this constraint's index, and a concurrent load cannot write one stockpile twice.
// @mode write
CREATE CONSTRAINT stockpile_key IF NOT EXISTS FOR (s:Stockpile) REQUIRE (s.country, s.element) IS UNIQUE
