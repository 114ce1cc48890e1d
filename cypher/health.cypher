// @name health
// @description The server's version and edition, as Neo4j reports them.
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
