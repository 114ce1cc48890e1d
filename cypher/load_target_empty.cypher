// @name load_target_empty
// @description Whether the graph holds no facility (hence no flow or LOCATED_IN link) and no element content (CONTAINS edge): the loader then writes with the create_* statements instead of merging, in the same transaction (both counts come from the count store).
// @mode read
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities }
CALL () { MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents }
RETURN facilities = 0 AND contents = 0 AS empty
