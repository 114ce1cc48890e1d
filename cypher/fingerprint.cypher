// @name fingerprint
// @description Cheap numbers that change when the network changes (counts and sums: of facilities, flows and element contents, and of the bounds of tonnes, capacities and fractions), so a cached projection knows when to reload.
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities, sum(coalesce(f.capacity, 0.0)) AS capacity,
          count(f.capacityLow) + count(f.capacityHigh) AS capacityBounds, sum(f.capacityLow) AS capacityLow,
          sum(f.capacityHigh) AS capacityHigh }
CALL () { OPTIONAL MATCH ()-[s:SUPPLIES]->() RETURN count(s) AS flows, sum(coalesce(s.tonnesPerYear, 0.0)) AS tonnes,
          count(s.tonnesLow) + count(s.tonnesHigh) AS tonnesBounds, sum(s.tonnesLow) AS tonnesLow, sum(s.tonnesHigh) AS tonnesHigh,
          count(s.validTo) AS validTo, count(s.validFrom) AS validFrom }
CALL () { OPTIONAL MATCH ()-[r:RESTRICTS]->() RETURN count(r) AS controls }
CALL () { OPTIONAL MATCH (m:Material) RETURN count(m) AS materials }
CALL () { OPTIONAL MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents, sum(coalesce(c.fraction, 0.0)) AS fractions,
          count(c.fractionLow) + count(c.fractionHigh) AS fractionBounds, sum(c.fractionLow) AS fractionLow,
          sum(c.fractionHigh) AS fractionHigh, count(CASE WHEN coalesce(c.from, '') <> '' THEN 1 END) AS scopedContents }
RETURN facilities, capacity, capacityBounds, capacityLow, capacityHigh, flows, tonnes, tonnesBounds, tonnesLow, tonnesHigh,
       validTo, validFrom, controls, materials, contents, fractions, fractionBounds, fractionLow, fractionHigh,
       scopedContents
