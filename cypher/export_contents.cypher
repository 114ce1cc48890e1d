// @name export_contents
// @description Every element content (CONTAINS edge): the mass fraction of an element in a material and its bounds, by default (from and to '') or as one facility ships it (from) or on one flow (from and to), with its provenance, for export.
MATCH (m:Material)-[c:CONTAINS]->(e:Element)
RETURN m.code AS material, e.symbol AS element, c.fraction AS fraction,
       c.fractionLow AS fractionLow, c.fractionHigh AS fractionHigh,
       coalesce(c.from, '') AS from, coalesce(c.to, '') AS to, c.notes AS notes,
       coalesce(c.sources, []) AS sources, c.asOf AS asOf, c.confidence AS confidence
ORDER BY material, element, from, to
