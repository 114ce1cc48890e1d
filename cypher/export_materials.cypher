// @name export_materials
// @description Every material of the vocabulary with the elements it carries, for export.
MATCH (m:Material)
RETURN m.code AS code, m.name AS name, m.stage AS stage, coalesce(m.elements, []) AS elements,
       m.description AS description, coalesce(m.sources, []) AS sources, m.asOf AS asOf, m.confidence AS confidence
ORDER BY code
