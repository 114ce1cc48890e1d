// @name stats
// @description Counts of facilities by tier and country, flows by material and basis, element contents, how many records carry a source, how many cite a tier-1 one (Source.tier1) or a denied one (a content farm), and the source registry by kind.
CALL () {
  OPTIONAL MATCH (src:Source)
  RETURN collect(CASE WHEN src.tier1 THEN src.url END) AS tier1,
         collect(CASE WHEN src.kind = 'content-farm' THEN src.url END) AS denied
}
CALL (tier1, denied) {
  MATCH (f:Facility)
  RETURN count(f) AS facilities, count(DISTINCT f.country) AS countries,
         count(CASE WHEN size(coalesce(f.sources, [])) > 0 THEN 1 END) AS facilitiesSourced,
         count(CASE WHEN any(u IN coalesce(f.sources, []) WHERE u IN tier1) THEN 1 END) AS facilitiesTier1,
         count(CASE WHEN any(u IN coalesce(f.sources, []) WHERE u IN denied) THEN 1 END) AS facilitiesDenied
}
CALL () {
  MATCH (f:Facility)
  WITH [l IN labels(f) WHERE l <> 'Facility'][0] AS tier, count(*) AS n
  ORDER BY tier
  RETURN collect({key: tier, count: n}) AS byTier
}
CALL () {
  MATCH (f:Facility)
  WITH f.country AS country, count(*) AS n
  ORDER BY n DESC, country
  RETURN collect({key: country, count: n}) AS byCountry
}
CALL (tier1, denied) {
  OPTIONAL MATCH ()-[s:SUPPLIES]->()
  RETURN count(s) AS flows,
         count(CASE WHEN size(coalesce(s.sources, [])) > 0 THEN 1 END) AS flowsSourced,
         count(CASE WHEN any(u IN coalesce(s.sources, []) WHERE u IN tier1) THEN 1 END) AS flowsTier1,
         count(CASE WHEN any(u IN coalesce(s.sources, []) WHERE u IN denied) THEN 1 END) AS flowsDenied,
         count(CASE WHEN s.basis = 'estimated' THEN 1 END) AS flowsEstimated,
         count(s.tonnesPerYear) AS flowsWithTonnes
}
CALL () {
  MATCH ()-[s:SUPPLIES]->()
  WITH s.material AS material, count(*) AS n, sum(coalesce(s.tonnesPerYear, 0.0)) AS tonnes
  ORDER BY material
  RETURN collect({key: material, count: n, tonnes: tonnes}) AS byMaterial
}
CALL () {
  MATCH ()-[s:SUPPLIES]->()
  WITH s.basis AS basis, count(*) AS n
  ORDER BY basis
  RETURN collect({key: basis, count: n}) AS byBasis
}
CALL (tier1, denied) {
  OPTIONAL MATCH (:Country)-[r:RESTRICTS]->()
  RETURN count(r) AS controls, count(CASE WHEN size(coalesce(r.sources, [])) > 0 THEN 1 END) AS controlsSourced,
         count(CASE WHEN any(u IN coalesce(r.sources, []) WHERE u IN tier1) THEN 1 END) AS controlsTier1,
         count(CASE WHEN any(u IN coalesce(r.sources, []) WHERE u IN denied) THEN 1 END) AS controlsDenied
}
CALL (tier1, denied) {
  OPTIONAL MATCH (m:Material)
  RETURN count(m) AS materials, count(CASE WHEN size(coalesce(m.sources, [])) > 0 THEN 1 END) AS materialsSourced,
         count(CASE WHEN any(u IN coalesce(m.sources, []) WHERE u IN tier1) THEN 1 END) AS materialsTier1,
         count(CASE WHEN any(u IN coalesce(m.sources, []) WHERE u IN denied) THEN 1 END) AS materialsDenied
}
CALL (tier1, denied) {
  OPTIONAL MATCH (:Material)-[c:CONTAINS]->(:Element)
  RETURN count(c) AS contents, count(CASE WHEN size(coalesce(c.sources, [])) > 0 THEN 1 END) AS contentsSourced,
         count(CASE WHEN any(u IN coalesce(c.sources, []) WHERE u IN tier1) THEN 1 END) AS contentsTier1,
         count(CASE WHEN any(u IN coalesce(c.sources, []) WHERE u IN denied) THEN 1 END) AS contentsDenied
}
CALL () {
  OPTIONAL MATCH (src:Source)
  WITH src.kind AS kind, count(src) AS n
  ORDER BY kind
  RETURN sum(n) AS sources, collect(CASE WHEN kind IS NOT NULL THEN {key: kind, count: n} END) AS bySourceKind
}
RETURN facilities, countries, facilitiesSourced, byTier, byCountry, flows, flowsSourced, flowsEstimated,
       flowsWithTonnes, byMaterial, byBasis, controls, controlsSourced, materials, materialsSourced,
       contents, contentsSourced, facilitiesTier1, facilitiesDenied, flowsTier1, flowsDenied, controlsTier1,
       controlsDenied, materialsTier1, materialsDenied, contentsTier1, contentsDenied, sources, bySourceKind
