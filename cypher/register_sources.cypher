// @name register_sources
// @description Gives cited URLs without a registry entry an automatic one; an entry the graph already has is left as it is.
// @mode write
// @param rows list<map>   One map per source: url, id, title, publisher, published, kind, tier1, notes.
UNWIND $rows AS r
MERGE (s:Source {url: r.url})
ON CREATE SET s += r
