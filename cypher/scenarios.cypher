// @name scenarios
// @description The names of the saved scenarios.
MATCH (s:Scenario)
RETURN s.name AS name
ORDER BY name
