// @name delete_scenario
// @description Deletes a saved scenario.
// @mode write
// @param name string   The scenario's name.
MATCH (s:Scenario {name: $name})
DELETE s
RETURN count(*) AS deleted
