// @name clear_graph
// @description Deletes up to $batch nodes with their relationships; run it until it deletes nothing.
// @mode write
// @param batch int[1..100000] = 10000   Nodes per transaction.
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
