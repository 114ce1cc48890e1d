// @name export_facilities
// @description Every facility with its tier, location, capacity, online date, ramp, stock and provenance, for export.
MATCH (f:Facility)
RETURN f.id AS id, f.name AS name,
       [l IN labels(f) WHERE l <> 'Facility'][0] AS tier,
       f.company AS company, f.country AS country, f.lat AS lat, f.lon AS lon,
       coalesce(f.locationApproximate, false) AS locationApproximate, f.locationNote AS locationNote,
       f.capacity AS capacity, f.capacityLow AS capacityLow, f.capacityHigh AS capacityHigh,
       f.capacityUnit AS capacityUnit, f.capacityBasis AS capacityBasis,
       f.status AS status, f.onlineDate AS onlineDate, f.rampMonths AS rampMonths, f.stockDays AS stockDays,
       coalesce(f.aggregate, false) AS aggregate, f.notes AS notes,
       coalesce(f.sources, []) AS sources, f.asOf AS asOf, f.confidence AS confidence
ORDER BY id
