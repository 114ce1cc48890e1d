// @name relink_facilities
// @description Links facilities to their country (creating a missing country by code) and removes a link to another country; facilities with exactly the right link are not touched.
// @mode write
// @param rows list<map>   One map per facility: id and country.
UNWIND $rows AS r
MATCH (f:Facility {id: r.id})
WHERE [(f)-[:LOCATED_IN]->(c:Country) | c.code] <> [r.country]
OPTIONAL MATCH (f)-[old:LOCATED_IN]->(:Country)
DELETE old
WITH DISTINCT f, r
MERGE (c:Country {code: r.country})
CREATE (f)-[:LOCATED_IN]->(c)
