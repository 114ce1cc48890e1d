// @name save_scenario
// @description Saves a scenario's JSON spec under a name, replacing any with that name. The spec's format is the store's (graph/neo4jstore/scenariofmt.go): {"format": 3, "to", "element", "material", "controls", "outages", "avoid", "asOf"}; a spec without "format" is format 1.
// @mode write
// @param name string   The scenario's name.
// @param spec string   Its JSON spec, in the store's current format.
MERGE (s:Scenario {name: $name})
SET s.spec = $spec, s.savedAt = datetime()
