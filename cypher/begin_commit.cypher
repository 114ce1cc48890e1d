// @name begin_commit
// @description Marks the graph as being committed, in a transaction of its own that commits before an import's does (see generation).
// @mode write
MERGE (g:Generation {id: 'graph'})
SET g.committing = datetime()
