// @name create_flows
// @description Creates SUPPLIES flows, for a load into a graph that held no facility before this transaction (so no flow can exist yet); a flow whose facility is missing is skipped, as in upsert_flows. The properties are spelled out in CREATE, not SET s += r.props, so that the plan has no Eager operator; a null property is not stored, as with SET. The load checks that it created one relationship per row.
// @mode write
// @param rows list<map>   One map per flow: from, to, material and props (tonnesPerYear, tonnesLow, tonnesHigh, basis, validFrom, validTo, sources, asOf, confidence, notes).
UNWIND $rows AS r
MATCH (a:Facility {id: r.from})
MATCH (b:Facility {id: r.to})
CREATE (a)-[:SUPPLIES {material: r.material, tonnesPerYear: r.props.tonnesPerYear,
  tonnesLow: r.props.tonnesLow, tonnesHigh: r.props.tonnesHigh, basis: r.props.basis,
  validFrom: r.props.validFrom, validTo: r.props.validTo, sources: r.props.sources, asOf: r.props.asOf,
  confidence: r.props.confidence, notes: r.props.notes}]->(b)
