// @name fingerprint
// @description Cheap numbers that change when the network changes (counts and sums, of element contents too), so a cached projection knows when to reload.
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities, sum(coalesce(f.capacity, 0.0)) AS capacity }
CALL () { OPTIONAL MATCH ()-[s:SUPPLIES]->() RETURN count(s) AS flows, sum(coalesce(s.tonnesPerYear, 0.0)) AS tonnes,
          count(s.validTo) AS validTo, count(s.validFrom) AS validFrom }
CALL () { OPTIONAL MATCH ()-[r:RESTRICTS]->() RETURN count(r) AS controls }
CALL () { OPTIONAL MATCH (m:Material) RETURN count(m) AS materials }
CALL () { OPTIONAL MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents, sum(coalesce(c.fraction, 0.0)) AS fractions,
          count(CASE WHEN coalesce(c.from, '') <> '' THEN 1 END) AS scopedContents }
RETURN facilities, capacity, flows, tonnes, validTo, validFrom, controls, materials, contents, fractions, scopedContents
