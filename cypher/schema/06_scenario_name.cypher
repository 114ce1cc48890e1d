// @description Scenario names are unique.
// @mode write
CREATE CONSTRAINT scenario_name IF NOT EXISTS FOR (s:Scenario) REQUIRE s.name IS UNIQUE
