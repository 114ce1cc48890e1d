// @name export_facilities
// @description Every facility with its tier, location, capacity, online date, ramp, stock and provenance, for export, ordered by id: in rows of up to 1,000 facilities, each facility a pair of its tier and its properties as a map (id, name, company, country, lat, lon, locationApproximate, locationNote, capacity, capacityLow, capacityHigh, capacityUnit, capacityBasis, status, onlineDate, rampMonths, stockDays, aggregate, notes, sources, asOf, confidence; one that is not set is absent). Rows, not values, are what a read of 100,000 facilities waits on, and properties(f) reads a node's properties in one pass.
MATCH (f:Facility)
WITH f ORDER BY f.id
WITH collect([[l IN labels(f) WHERE l <> 'Facility'][0], properties(f)]) AS facilities
UNWIND range(0, size(facilities) - 1, 1000) AS first
RETURN facilities[first..first + 1000] AS facilities
