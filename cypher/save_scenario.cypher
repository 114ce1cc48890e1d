// @name save_scenario
// @description Saves a scenario's JSON spec under a name, replacing any with that name.
// @mode write
// @param name string   The scenario's name.
// @param spec string   Its JSON spec (controls, outages, asOf, destination).
MERGE (s:Scenario {name: $name})
SET s.spec = $spec, s.savedAt = datetime()
