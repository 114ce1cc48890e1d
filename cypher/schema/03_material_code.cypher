// @description Material codes are unique.
// @mode write
CREATE CONSTRAINT material_code IF NOT EXISTS FOR (m:Material) REQUIRE m.code IS UNIQUE
