// @name export_flows
// @description Every SUPPLIES flow with its material, tonnes, basis, validity and provenance, for export: one row per shipping facility, its flows a list of pairs: the receiving facility's id and the flow's properties as a map (material, tonnesPerYear, tonnesLow, tonnesHigh, basis, validFrom, validTo, notes, sources, asOf, confidence; one that is not set is absent). Rows, not values, are what a read of 500,000 flows waits on, and properties(s) reads a relationship's properties in one pass where s.material, s.tonnesPerYear, … read them one at a time. The export sorts them by from, to, material, and reads them in parts run side by side, by ranges of the shipper's id (from it, inclusive, until the other, exclusive; null leaves a range open, and a shipper without an id falls in the last part only).
// @param from string = null  The first shipper id of the part (null: from the first).
// @param until string = null  The shipper id the part stops before (null: to the last).
MATCH (a:Facility)
WHERE coalesce(a.id >= $from, true) AND ($until IS NULL OR a.id < $until)
CALL (a) {
  MATCH (a)-[s:SUPPLIES]->(b:Facility)
  RETURN collect([b.id, properties(s)]) AS flows
}
WITH a, flows
WHERE size(flows) > 0
RETURN a.id AS from, flows
