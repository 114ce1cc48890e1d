// @name upsert_stockpiles
// @description Creates or updates national stockpiles: a (:Stockpile) node keyed by country and element (an element symbol or a group such as REE), held by its country, (:Country)-[:HOLDS]->(:Stockpile), creating a missing country by code. Days are days of the country's consumption of the element.
// @mode write
// @param rows list<map>   One map per stockpile: country, element and props (days, sources, asOf, confidence, notes).
UNWIND $rows AS r
MERGE (s:Stockpile {country: r.country, element: r.element})
SET s += r.props
MERGE (c:Country {code: r.country})
MERGE (c)-[:HOLDS]->(s)
