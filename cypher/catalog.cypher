// @name catalog
// @description The ids and tiers of every facility, the codes of every material and country, the [material, element] pairs of every default content (one with no from) and the [id, url] of every source, to check the references of an import.
CALL () { MATCH (f:Facility) RETURN collect([f.id, [l IN labels(f) WHERE l <> 'Facility'][0]]) AS facilities }
CALL () { MATCH (m:Material) RETURN collect(m.code) AS materials }
CALL () { MATCH (c:Country) RETURN collect(c.code) AS countries }
CALL () {
  MATCH (m:Material)-[c:CONTAINS]->(e:Element)
  WHERE coalesce(c.from, '') = ''
  RETURN collect(DISTINCT [m.code, e.symbol]) AS contents
}
CALL () { MATCH (s:Source) RETURN collect([s.id, s.url]) AS sources }
RETURN facilities, materials, countries, contents, sources
