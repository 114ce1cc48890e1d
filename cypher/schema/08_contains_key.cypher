// @description An element content is one CONTAINS edge per material, element and scope (from, to; '' when unscoped): upsert_contents' MERGE seeks it in this constraint's index, and a concurrent load cannot write one content twice.
// @mode write
CREATE CONSTRAINT contains_key IF NOT EXISTS FOR ()-[c:CONTAINS]-() REQUIRE (c.material, c.element, c.from, c.to) IS UNIQUE
