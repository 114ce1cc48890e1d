// @name facility
// @description One facility by its id.
// @param id string   The facility id, e.g. "MTW_MINE".
MATCH (f:Facility {id: $id})
RETURN f.id AS id, f.name AS name,
       [l IN labels(f) WHERE l <> 'Facility'][0] AS tier,
       f.company AS company, f.country AS country, f.lat AS lat, f.lon AS lon,
       coalesce(f.locationApproximate, false) AS locationApproximate, f.locationNote AS locationNote,
       f.capacity AS capacity, f.capacityLow AS capacityLow, f.capacityHigh AS capacityHigh,
       f.capacityUnit AS capacityUnit, f.capacityBasis AS capacityBasis,
       f.status AS status, f.onlineDate AS onlineDate, f.rampMonths AS rampMonths, f.stockDays AS stockDays,
       coalesce(f.aggregate, false) AS aggregate, f.notes AS notes,
       coalesce(f.sources, []) AS sources, f.asOf AS asOf, f.confidence AS confidence
