// @name create_located_in
// @description Links facilities made by create_facilities (which have no LOCATED_IN link yet) to their countries, creating a missing country by code as upsert_facilities does.
// @mode write
// @param rows list<map>   One map per facility: id and country.
UNWIND $rows AS r
MATCH (f:Facility {id: r.id})
MERGE (c:Country {code: r.country})
CREATE (f)-[:LOCATED_IN]->(c)
