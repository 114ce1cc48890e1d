// @name export_sources
// @description Every entry of the source registry, for export.
MATCH (s:Source)
RETURN s.id AS id, s.url AS url, s.title AS title, s.publisher AS publisher, s.published AS published,
       s.kind AS kind, s.notes AS notes
ORDER BY url
