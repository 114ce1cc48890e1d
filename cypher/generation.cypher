// @name generation
// @description The graph's generation: a count of the imports committed, and whether one is committing now (its mark not older than the longest import). An export reads it before and after its data, and reads again when it changed or an import was committing: Neo4j's reads are read committed, and a large commit becomes visible record by record, on every server that shares the database.
// @mode read
OPTIONAL MATCH (g:Generation {id: 'graph'})
RETURN coalesce(g.n, 0) AS n,
       g.committing IS NOT NULL AND g.committing > datetime() - duration({minutes: 10}) AS committing
