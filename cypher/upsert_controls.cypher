// @name upsert_controls
// @description Creates or updates export controls: RESTRICTS edges keyed by id, from a country to a country or, for "*", to every country.
// @mode write
// @param rows list<map>   One map per control: id, from, to ("*" for every country) and props (title, kind, elements, materials, effective, until, endUse, sources, asOf, confidence, notes).
UNWIND $rows AS r
MERGE (a:Country {code: r.from})
WITH a, r
CALL (r) {
  WITH r WHERE r.to = '*'
  MERGE (b:AllCountries {code: '*'})
  ON CREATE SET b.name = 'every country'
  RETURN b
  UNION
  WITH r WHERE r.to <> '*'
  MERGE (b:Country {code: r.to})
  RETURN b
}
OPTIONAL MATCH (x)-[old:RESTRICTS {id: r.id}]->(y)
WHERE x <> a OR y <> b
DELETE old
WITH DISTINCT a, b, r
MERGE (a)-[c:RESTRICTS {id: r.id}]->(b)
SET c += r.props
