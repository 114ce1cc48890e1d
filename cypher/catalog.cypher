// @name catalog
// @description The ids and tiers of every facility and the codes of every material and country, to check the references of an import.
CALL () { MATCH (f:Facility) RETURN collect([f.id, [l IN labels(f) WHERE l <> 'Facility'][0]]) AS facilities }
CALL () { MATCH (m:Material) RETURN collect(m.code) AS materials }
CALL () { MATCH (c:Country) RETURN collect(c.code) AS countries }
RETURN facilities, materials, countries
