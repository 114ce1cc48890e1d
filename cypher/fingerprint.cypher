// @name fingerprint
// @description Cheap numbers that change when the network changes (counts and sums: of facilities, flows and element contents, of the bounds of tonnes, capacities and fractions, of online dates (as YYYYMMDD numbers), ramps and stocks, and of stockpiles and demands), so a cached projection knows when to reload.
CALL () { MATCH (f:Facility) RETURN count(f) AS facilities, sum(coalesce(f.capacity, 0.0)) AS capacity,
          count(f.capacityLow) + count(f.capacityHigh) AS capacityBounds, sum(f.capacityLow) AS capacityLow,
          sum(f.capacityHigh) AS capacityHigh, count(f.onlineDate) AS onlineDates,
          sum(toInteger(replace(f.onlineDate, '-', ''))) AS onlineDays, sum(coalesce(f.rampMonths, 0)) AS rampMonths,
          count(f.stockDays) AS stocks, sum(f.stockDays) AS stockDays }
CALL () { OPTIONAL MATCH ()-[s:SUPPLIES]->() RETURN count(s) AS flows, sum(coalesce(s.tonnesPerYear, 0.0)) AS tonnes,
          count(s.tonnesLow) + count(s.tonnesHigh) AS tonnesBounds, sum(s.tonnesLow) AS tonnesLow, sum(s.tonnesHigh) AS tonnesHigh,
          count(s.validTo) AS validTo, count(s.validFrom) AS validFrom }
CALL () { OPTIONAL MATCH ()-[r:RESTRICTS]->() RETURN count(r) AS controls }
CALL () { OPTIONAL MATCH (m:Material) RETURN count(m) AS materials }
CALL () { OPTIONAL MATCH ()-[c:CONTAINS]->() RETURN count(c) AS contents, sum(coalesce(c.fraction, 0.0)) AS fractions,
          count(c.fractionLow) + count(c.fractionHigh) AS fractionBounds, sum(c.fractionLow) AS fractionLow,
          sum(c.fractionHigh) AS fractionHigh, count(CASE WHEN coalesce(c.from, '') <> '' THEN 1 END) AS scopedContents }
CALL () { OPTIONAL MATCH (s:Stockpile) RETURN count(s) AS stockpiles, sum(s.days) AS stockpileDays }
CALL () { OPTIONAL MATCH (d:Demand) RETURN count(d) AS demands, sum(d.tonnesPerYear) AS demandTonnes }
RETURN facilities, capacity, capacityBounds, capacityLow, capacityHigh, onlineDates, onlineDays, rampMonths, stocks, stockDays,
       flows, tonnes, tonnesBounds, tonnesLow, tonnesHigh,
       validTo, validFrom, controls, materials, contents, fractions, fractionBounds, fractionLow, fractionHigh,
       scopedContents, stockpiles, stockpileDays, demands, demandTonnes
