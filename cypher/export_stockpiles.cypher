// @name export_stockpiles
// @description Every national stockpile: days of the country's consumption of an element (or group), with its provenance, for export.
MATCH (s:Stockpile)
RETURN s.country AS country, s.element AS element, s.days AS days, s.notes AS notes,
       coalesce(s.sources, []) AS sources, s.asOf AS asOf, s.confidence AS confidence
ORDER BY country, element
