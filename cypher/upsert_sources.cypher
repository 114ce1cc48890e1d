// @name upsert_sources
// @description Creates or updates entries of the source registry by URL. Records cite a source by its URL in their sources list: MATCH (s:Source) WHERE s.url IN f.sources.
// @mode write
// @param rows list<map>   One map per source: url, id, title, publisher, published, kind, tier1, notes.
UNWIND $rows AS r
MERGE (s:Source {url: r.url})
SET s += r
