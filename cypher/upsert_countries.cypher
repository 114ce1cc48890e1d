// @name upsert_countries
// @description Creates or updates countries by code.
// @mode write
// @param rows list<map>   One map per country: code, name, region.
UNWIND $rows AS r
MERGE (c:Country {code: r.code})
SET c.name = r.name, c.region = r.region
