// @name export_facilities
// @description Every facility with its tier, location, capacity, online date, ramp, stock and provenance, for export, ordered by id: in rows of up to 1,000 facilities, each facility a list of its values in the order of the columns named inside (id, name, tier, …), because the rows, not their values, are what a read of 100,000 facilities waits on.
MATCH (f:Facility)
WITH f.id AS id, f.name AS name,
     [l IN labels(f) WHERE l <> 'Facility'][0] AS tier,
     f.company AS company, f.country AS country, f.lat AS lat, f.lon AS lon,
     coalesce(f.locationApproximate, false) AS locationApproximate, f.locationNote AS locationNote,
     f.capacity AS capacity, f.capacityLow AS capacityLow, f.capacityHigh AS capacityHigh,
     f.capacityUnit AS capacityUnit, f.capacityBasis AS capacityBasis,
     f.status AS status, f.onlineDate AS onlineDate, f.rampMonths AS rampMonths, f.stockDays AS stockDays,
     coalesce(f.aggregate, false) AS aggregate, f.notes AS notes,
     coalesce(f.sources, []) AS sources, f.asOf AS asOf, f.confidence AS confidence
ORDER BY id
WITH collect([id, name, tier, company, country, lat, lon, locationApproximate, locationNote,
              capacity, capacityLow, capacityHigh, capacityUnit, capacityBasis,
              status, onlineDate, rampMonths, stockDays, aggregate, notes, sources, asOf, confidence]) AS facilities
UNWIND range(0, size(facilities) - 1, 1000) AS first
RETURN facilities[first..first + 1000] AS facilities
