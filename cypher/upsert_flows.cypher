// @name upsert_flows
// @description Creates or updates SUPPLIES flows, keyed by their two facilities and material. It returns how many rows it wrote (written), which the load checks against the rows sent.
// @mode write
// @param rows list<map>   One map per flow: from, to, material and props (tonnesPerYear, tonnesLow, tonnesHigh, basis, validFrom, validTo, sources, asOf, confidence, notes).
UNWIND $rows AS r
MATCH (a:Facility {id: r.from})
MATCH (b:Facility {id: r.to})
MERGE (a)-[s:SUPPLIES {material: r.material}]->(b)
SET s += r.props
RETURN count(*) AS written
