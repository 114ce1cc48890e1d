// @name counts
// @description How many facilities, flows, countries, materials, LOCATED_IN links, element contents (CONTAINS edges), Element nodes, national stockpiles, demands, and the HOLDS and NEEDS links of those the graph holds.
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities }
CALL () { MATCH ()-[s:SUPPLIES]->() RETURN count(s) AS flows }
CALL () { MATCH (c:Country) RETURN count(c) AS countries }
CALL () { MATCH (m:Material) RETURN count(m) AS materials }
CALL () { MATCH (:Facility)-[l:LOCATED_IN]->(:Country) RETURN count(l) AS locatedIn }
CALL () { MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents }
CALL () { MATCH (e:Element) RETURN count(e) AS elements }
CALL () { MATCH (s:Stockpile) RETURN count(s) AS stockpiles }
CALL () { MATCH (d:Demand) RETURN count(d) AS demands }
CALL () { MATCH (:Country)-[h:HOLDS]->(:Stockpile) RETURN count(h) AS holds }
CALL () { MATCH (:Facility)-[n:NEEDS]->(:Demand) RETURN count(n) AS needs }
RETURN facilities, flows, countries, materials, locatedIn, contents, elements, stockpiles, demands, holds, needs
