// @description Source registry ids are unique (the short names files cite).
// @mode write
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE
