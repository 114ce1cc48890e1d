// @name upsert_demands
// @description Creates or updates what destination facilities need: a (:Demand) node keyed by facility and element (an element symbol or a group such as NdPr), needed by its facility, (:Facility)-[:NEEDS]->(:Demand). Tonnes are of the element as metal a year. A demand whose facility is missing is skipped; it returns how many rows it wrote (written), which the load checks against the rows sent.
// @mode write
// @param rows list<map>   One map per demand: facility, element and props (tonnesPerYear, sources, asOf, confidence, notes).
UNWIND $rows AS r
MATCH (f:Facility {id: r.facility})
MERGE (d:Demand {facility: r.facility, element: r.element})
SET d += r.props
MERGE (f)-[:NEEDS]->(d)
RETURN count(*) AS written
