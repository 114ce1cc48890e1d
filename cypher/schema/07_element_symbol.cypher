// @description Element symbols are unique: CONTAINS edges end at one Element node per symbol.
// @mode write
CREATE CONSTRAINT element_symbol IF NOT EXISTS FOR (e:Element) REQUIRE e.symbol IS UNIQUE
