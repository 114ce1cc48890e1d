// @name counts
// @description How many facilities, flows, countries, materials, LOCATED_IN links, element contents (CONTAINS edges) and Element nodes the graph holds.
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities }
CALL () { MATCH ()-[s:SUPPLIES]->() RETURN count(s) AS flows }
CALL () { MATCH (c:Country) RETURN count(c) AS countries }
CALL () { MATCH (m:Material) RETURN count(m) AS materials }
CALL () { MATCH (:Facility)-[l:LOCATED_IN]->(:Country) RETURN count(l) AS locatedIn }
CALL () { MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents }
CALL () { MATCH (e:Element) RETURN count(e) AS elements }
RETURN facilities, flows, countries, materials, locatedIn, contents, elements
