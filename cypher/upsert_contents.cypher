// @name upsert_contents
// @description Creates or updates element contents: CONTAINS edges from a material to an element (creating a missing element by symbol), keyed by material, element and scope (from and to: '' for the material's default, a facility id in from for the material as that facility ships it, both for one flow). The edge repeats its material's code so that the key is the contains_key constraint's: MERGE then seeks the content in that unique index instead of scanning every CONTAINS between the material and the element, which made a load grow with the square of one material's scoped contents. A content whose material is missing is skipped. It returns how many rows it wrote (written), which the load checks against the rows sent.
// @mode write
// @param rows list<map>   One map per content: material, element, from, to ('' when unscoped) and props (fraction, fractionLow, fractionHigh, sources, asOf, confidence, notes).
UNWIND $rows AS r
MATCH (m:Material {code: r.material})
MERGE (e:Element {symbol: r.element})
MERGE (m)-[c:CONTAINS {material: r.material, element: r.element, from: r.from, to: r.to}]->(e)
SET c += r.props
RETURN count(*) AS written
