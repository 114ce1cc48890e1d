// @description Flows are often filtered by material.
// @mode write
CREATE INDEX supplies_material IF NOT EXISTS FOR ()-[s:SUPPLIES]-() ON (s.material)
