// @name export_flows
// @description Every SUPPLIES flow with its material, tonnes, basis, validity and provenance, for export: one row per shipping facility, its flows a list of lists in the order of the columns named inside (to, material, tonnesPerYear, …), because the rows, not their values, are what a read of 500,000 flows waits on. The export sorts them by from, to, material, and reads them in parts run side by side, by ranges of the shipper's id (from it, inclusive, until the other, exclusive; null leaves a range open, and a shipper without an id falls in the last part only).
// @param from string = null  The first shipper id of the part (null: from the first).
// @param until string = null  The shipper id the part stops before (null: to the last).
MATCH (a:Facility)
WHERE coalesce(a.id >= $from, true) AND ($until IS NULL OR a.id < $until)
CALL (a) {
  MATCH (a)-[s:SUPPLIES]->(b:Facility)
  WITH b.id AS to, s.material AS material, s.tonnesPerYear AS tonnesPerYear,
       s.tonnesLow AS tonnesLow, s.tonnesHigh AS tonnesHigh, s.basis AS basis,
       s.validFrom AS validFrom, s.validTo AS validTo, s.notes AS notes,
       coalesce(s.sources, []) AS sources, s.asOf AS asOf, s.confidence AS confidence
  RETURN collect([to, material, tonnesPerYear, tonnesLow, tonnesHigh, basis, validFrom, validTo, notes,
                  sources, asOf, confidence]) AS flows
}
WITH a, flows
WHERE size(flows) > 0
RETURN a.id AS from, flows
