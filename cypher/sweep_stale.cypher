// @name sweep_stale
// @description The second half of an import that replaces the graph, in its transaction: once the dataset is merged in (UpsertSteps), deletes every flow, content, control, stockpile, demand, facility, material and source the dataset does not hold (keys joined by U+001F), the elements and countries nothing refers to any more (countries the dataset lists stay), and every other node and relationship, as delete_all would; saved scenarios and the graph's generation stay. Merging first and deleting last keeps the index lookups of the merge clear of the deletions, which Neo4j filters on every lookup of the same transaction.
// @mode write
// @param flows list<string>        from, to, material of each flow.
// @param contents list<string>     material, element, from, to of each content ('' when unscoped).
// @param controls list<string>     Control ids.
// @param stockpiles list<string>   country, element of each stockpile.
// @param demands list<string>      facility, element of each demand.
// @param facilities list<string>   Facility ids.
// @param materials list<string>    Material codes.
// @param sources list<string>      Source URLs (registered and automatic).
// @param countries list<string>    Country codes the dataset lists.
CALL () {
  MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
  WHERE NOT a.id + '\u001f' + b.id + '\u001f' + s.material IN $flows
  DELETE s
}
CALL () {
  MATCH (:Material)-[c:CONTAINS]->(:Element)
  WHERE NOT c.material + '\u001f' + c.element + '\u001f' + c.from + '\u001f' + c.to IN $contents
  DELETE c
}
CALL () {
  MATCH ()-[c:RESTRICTS]->()
  WHERE NOT c.id IN $controls
  DELETE c
}
CALL () {
  MATCH (s:Stockpile)
  WHERE NOT s.country + '\u001f' + s.element IN $stockpiles
  DETACH DELETE s
}
CALL () {
  MATCH (d:Demand)
  WHERE NOT d.facility + '\u001f' + d.element IN $demands
  DETACH DELETE d
}
CALL () {
  MATCH (f:Facility)
  WHERE NOT f.id IN $facilities
  DETACH DELETE f
}
CALL () {
  MATCH (m:Material)
  WHERE NOT m.code IN $materials
  DETACH DELETE m
}
CALL () {
  MATCH (s:Source)
  WHERE NOT s.url IN $sources
  DETACH DELETE s
}
CALL () {
  MATCH (n)-[r]->(m)
  WHERE NOT type(r) IN ['SUPPLIES', 'LOCATED_IN', 'CONTAINS', 'RESTRICTS', 'HOLDS', 'NEEDS']
    AND NOT (n:Scenario OR n:Generation OR m:Scenario OR m:Generation)
  DELETE r
}
CALL () {
  MATCH (n)
  WHERE NOT (n:Facility OR n:Country OR n:AllCountries OR n:Material OR n:Element OR n:Source
             OR n:Stockpile OR n:Demand OR n:Scenario OR n:Generation)
  DETACH DELETE n
}
CALL () {
  MATCH (e:Element)
  WHERE NOT EXISTS { (e)<-[:CONTAINS]-() }
  DETACH DELETE e
}
CALL () {
  MATCH (c:Country|AllCountries)
  WHERE NOT (c:Country AND c.code IN $countries) AND NOT EXISTS { (c)--() }
  DELETE c
}
