// @name sources
// @description The registry entries of the given URLs (all of them when urls is null): what a record's sources are, with kind and whether each is tier 1.
// @param urls list<string> = null   The URLs records cite; null for the whole registry.
MATCH (s:Source)
WHERE $urls IS NULL OR s.url IN $urls
RETURN s.id AS id, s.url AS url, s.title AS title, s.publisher AS publisher, s.published AS published,
       s.kind AS kind, s.notes AS notes
ORDER BY url
