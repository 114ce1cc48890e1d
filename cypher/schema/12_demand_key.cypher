// @description A facility's demand of an element is one (:Demand) node per facility and element: upsert_demands' MERGE seeks it in this constraint's index, and a concurrent load cannot write one demand twice.
// @mode write
CREATE CONSTRAINT demand_key IF NOT EXISTS FOR (d:Demand) REQUIRE (d.facility, d.element) IS UNIQUE
