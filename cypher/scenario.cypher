// @name scenario
// @description A saved scenario's JSON spec.
// @param name string   The scenario's name.
MATCH (s:Scenario {name: $name})
RETURN s.spec AS spec
