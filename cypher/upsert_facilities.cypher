// @name upsert_facilities
// @description Creates or updates facilities by id, sets their tier label and links them to their country.
// @mode write
// @param rows list<map>   One map per facility: id, tier, country and the other properties (see seed/FORMAT.md).
UNWIND $rows AS r
MERGE (f:Facility {id: r.id})
REMOVE f:Mine:Separation:Refinery:Metal:Alloy:Magnet:OEM:Recycler:Trader
SET f += r.props, f:$(r.tier)
WITH f, r
OPTIONAL MATCH (f)-[old:LOCATED_IN]->(c:Country)
WHERE c.code <> r.country
DELETE old
WITH DISTINCT f, r
MERGE (c:Country {code: r.country})
MERGE (f)-[:LOCATED_IN]->(c)
