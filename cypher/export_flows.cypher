// @name export_flows
// @description Every SUPPLIES flow with its material, tonnes, basis, validity and provenance, for export.
MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
RETURN a.id AS from, b.id AS to, s.material AS material, s.tonnesPerYear AS tonnesPerYear,
       s.tonnesLow AS tonnesLow, s.tonnesHigh AS tonnesHigh, s.basis AS basis,
       s.validFrom AS validFrom, s.validTo AS validTo, s.notes AS notes,
       coalesce(s.sources, []) AS sources, s.asOf AS asOf, s.confidence AS confidence
ORDER BY from, to, material
