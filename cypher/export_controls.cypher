// @name export_controls
// @description Every export control (RESTRICTS edge), "*" standing for every country, for export.
MATCH (a:Country)-[r:RESTRICTS]->(b)
RETURN r.id AS id, a.code AS from, b.code AS to, r.title AS title, r.kind AS kind,
       coalesce(r.elements, []) AS elements, coalesce(r.materials, []) AS materials,
       r.effective AS effective, r.until AS until, r.endUse AS endUse, r.notes AS notes,
       coalesce(r.sources, []) AS sources, r.asOf AS asOf, r.confidence AS confidence
ORDER BY id
