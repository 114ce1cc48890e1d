// @name load_target_empty
// @description Whether the graph holds no facility, hence no flow or LOCATED_IN link: the loader then writes with the create_* statements instead of merging, in the same transaction (a count from the count store).
// @mode read
MATCH (f:Facility)
RETURN count(f) = 0 AS empty
