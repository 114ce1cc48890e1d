// @name end_commit
// @description Counts an import's commit (or its failure) in the graph's generation and clears the mark begin_commit set (see generation).
// @mode write
MERGE (g:Generation {id: 'graph'})
SET g.n = coalesce(g.n, 0) + 1, g.committing = null
