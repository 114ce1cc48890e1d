// @name upsert_materials
// @description Creates or updates materials of the controlled vocabulary by code.
// @mode write
// @param rows list<map>   One map per material: code, name, stage, elements, description, sources, asOf, confidence.
UNWIND $rows AS r
MERGE (m:Material {code: r.code})
SET m += r
