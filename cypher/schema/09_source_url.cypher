// @description Source registry entries are unique by URL (what records cite).
// @mode write
CREATE CONSTRAINT source_url IF NOT EXISTS FOR (s:Source) REQUIRE s.url IS UNIQUE
