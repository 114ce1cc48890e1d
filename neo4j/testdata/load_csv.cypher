// The import files of seed/FORMAT.md (sources, countries, materials,
// facilities, flows) loaded with LOAD CSV, as an analyst who knows Cypher
// would write it: the files in the server's import folder, the schema of
// cypher/schema in place, into an empty graph, batches committed by
// CALL { ... } IN TRANSACTIONS. It writes the nodes, labels, relationships
// and properties that Store.Load writes for these five files (the cited
// source ids resolved to their URLs, as the records in the graph hold
// them), but checks nothing: a bad row stops it half-way, its earlier
// batches committed. BenchmarkLoadAnchors (neo4j/anchors_test.go) times it
// against Store.Load and neo4j-admin on the same files.
//
// Run it unchanged in cypher-shell:  cypher-shell -f neo4j/testdata/load_csv.cypher
// (each statement ends with a semicolon at the end of its last line).

LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row
CALL (row) {
  MERGE (s:Source {url: row.url})
  SET s.id = row.id, s.title = row.title, s.publisher = row.publisher, s.published = row.published,
      s.kind = row.kind, s.notes = row.notes,
      s.tier1 = row.kind IN ['government', 'company', 'filing', 'academic', 'press', 'trade-press']
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///countries.csv' AS row
CALL (row) {
  MERGE (c:Country {code: row.code})
  SET c.name = row.name, c.region = row.region
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///materials.csv' AS row
CALL (row) {
  MERGE (m:Material {code: row.code})
  SET m.name = row.name, m.stage = row.stage, m.elements = split(row.elements, ';'),
      m.description = row.description,
      m.sources = [id IN split(row.sources, ';') | coalesce(COLLECT { MATCH (s:Source {id: id}) RETURN s.url }[0], id)],
      m.asOf = row.as_of, m.confidence = row.confidence
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///facilities.csv' AS row
CALL (row) {
  MATCH (c:Country {code: row.country})
  CREATE (f:Facility:$(row.tier) {id: row.id, name: row.name, company: row.company, country: row.country,
    lat: toFloat(row.lat), lon: toFloat(row.lon), locationApproximate: toBoolean(row.location_approximate),
    locationNote: row.location_note, capacity: toFloat(row.capacity),
    capacityLow: toFloat(row.capacity_low), capacityHigh: toFloat(row.capacity_high),
    capacityUnit: row.capacity_unit, capacityBasis: row.capacity_basis, status: row.status,
    onlineDate: row.online_date, rampMonths: toInteger(row.ramp_months), stockDays: toFloat(row.stock_days),
    aggregate: toBoolean(row.aggregate), notes: row.notes,
    sources: [id IN split(row.sources, ';') | coalesce(COLLECT { MATCH (s:Source {id: id}) RETURN s.url }[0], id)],
    asOf: row.as_of, confidence: row.confidence})
  CREATE (f)-[:LOCATED_IN]->(c)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///flows.csv' AS row
CALL (row) {
  MATCH (a:Facility {id: row.from})
  MATCH (b:Facility {id: row.to})
  CREATE (a)-[:SUPPLIES {material: row.material, tonnesPerYear: toFloat(row.tonnes_per_year),
    tonnesLow: toFloat(row.tonnes_low), tonnesHigh: toFloat(row.tonnes_high), basis: row.basis,
    validFrom: row.valid_from, validTo: row.valid_to,
    sources: [id IN split(row.sources, ';') | coalesce(COLLECT { MATCH (s:Source {id: id}) RETURN s.url }[0], id)],
    asOf: row.as_of, confidence: row.confidence, notes: row.notes}]->(b)
} IN TRANSACTIONS OF 10000 ROWS;
