// @name delete_all
// @description Deletes every node and relationship in one statement (the replace mode of an import, inside its transaction).
// @mode write
MATCH (n)
DETACH DELETE n
