// @name create_contents
// @description Creates element contents (CONTAINS edges from a material to an element, creating a missing element by symbol), for a load into a graph that held no facility and no content before this transaction (load_target_empty checks both, so no content can exist yet); a content whose material is missing is skipped, as in upsert_contents. The contains_key constraint makes a concurrent load of the same contents fail rather than duplicate one. The properties are spelled out in CREATE, not SET c += r.props, so that the plan has no Eager operator; a null property is not stored, as with SET. The load checks that it created one relationship per row.
// @mode write
// @param rows list<map>   One map per content: material, element, from, to ('' when unscoped) and props (fraction, fractionLow, fractionHigh, sources, asOf, confidence, notes).
UNWIND $rows AS r
MATCH (m:Material {code: r.material})
MERGE (e:Element {symbol: r.element})
CREATE (m)-[:CONTAINS {material: r.material, element: r.element, from: r.from, to: r.to, fraction: r.props.fraction,
  fractionLow: r.props.fractionLow, fractionHigh: r.props.fractionHigh, sources: r.props.sources, asOf: r.props.asOf, confidence: r.props.confidence, notes: r.props.notes}]->(e)
