// @name flows
// @description SUPPLIES flows filtered by material, basis, supplying or receiving facility or country, one page ordered by (from, to, material).
// @param material string = null   Material code, e.g. "ndpr-oxide".
// @param basis string = null      contract, reported, estimated or inferred.
// @param from string = null       Supplying facility id.
// @param to string = null         Receiving facility id.
// @param fromCountry string = null  Country of the supplier, e.g. "CN".
// @param toCountry string = null    Country of the receiver, e.g. "JP".
// @param after string = ""        Cursor: only flows whose key (from, to, material joined by "|") sorts after this one.
// @param limit int[1..1000] = 100   Page size.
MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
WHERE ($material IS NULL OR s.material = $material)
  AND ($basis IS NULL OR s.basis = $basis)
  AND ($from IS NULL OR a.id = $from)
  AND ($to IS NULL OR b.id = $to)
  AND ($fromCountry IS NULL OR a.country = $fromCountry)
  AND ($toCountry IS NULL OR b.country = $toCountry)
WITH a, b, s, a.id + '|' + b.id + '|' + s.material AS key
WHERE key > $after
RETURN key, a.id AS from, b.id AS to, s.material AS material, s.tonnesPerYear AS tonnesPerYear,
       s.tonnesLow AS tonnesLow, s.tonnesHigh AS tonnesHigh, s.basis AS basis,
       s.validFrom AS validFrom, s.validTo AS validTo, s.notes AS notes,
       coalesce(s.sources, []) AS sources, s.asOf AS asOf, s.confidence AS confidence
ORDER BY key
LIMIT $limit
