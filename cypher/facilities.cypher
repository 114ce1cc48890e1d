// @name facilities
// @description Facilities filtered by tier, country, company, status or a search text, one page ordered by id.
// @param tier string = null      Tier label: Mine, Separation, Refinery, Metal, Alloy, Magnet, OEM, Recycler or Trader.
// @param country string = null   ISO 3166-1 alpha-2 country code, e.g. "JP".
// @param company string = null   Part of the company name, any case.
// @param status string = null    operating, construction, planned or closed.
// @param q string = null         Part of the name, company or id, any case.
// @param after string = ""       Cursor: only facilities whose id sorts after this one.
// @param limit int[1..1000] = 100  Page size.
MATCH (f:Facility)
WHERE f.id > $after
  AND ($tier IS NULL OR $tier IN labels(f))
  AND ($country IS NULL OR f.country = $country)
  AND ($company IS NULL OR toLower(f.company) CONTAINS toLower($company))
  AND ($status IS NULL OR f.status = $status)
  AND ($q IS NULL OR toLower(f.name) CONTAINS toLower($q)
       OR toLower(f.company) CONTAINS toLower($q) OR toLower(f.id) CONTAINS toLower($q))
RETURN f.id AS id, f.name AS name,
       [l IN labels(f) WHERE l <> 'Facility'][0] AS tier,
       f.company AS company, f.country AS country, f.lat AS lat, f.lon AS lon,
       coalesce(f.locationApproximate, false) AS locationApproximate, f.locationNote AS locationNote,
       f.capacity AS capacity, f.capacityLow AS capacityLow, f.capacityHigh AS capacityHigh,
       f.capacityUnit AS capacityUnit, f.capacityBasis AS capacityBasis,
       f.status AS status, f.onlineDate AS onlineDate, f.rampMonths AS rampMonths, f.stockDays AS stockDays,
       coalesce(f.aggregate, false) AS aggregate, f.notes AS notes,
       coalesce(f.sources, []) AS sources, f.asOf AS asOf, f.confidence AS confidence
ORDER BY f.id
LIMIT $limit
