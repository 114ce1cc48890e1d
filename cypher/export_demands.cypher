// @name export_demands
// @description Every demand of a destination facility: t of an element (or group) as metal a year, with its provenance, for export.
MATCH (d:Demand)
RETURN d.facility AS facility, d.element AS element, d.tonnesPerYear AS tonnesPerYear, d.notes AS notes,
       coalesce(d.sources, []) AS sources, d.asOf AS asOf, d.confidence AS confidence
ORDER BY facility, element
