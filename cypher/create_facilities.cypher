// @name create_facilities
// @description Creates facilities with their tier label and their LOCATED_IN link (creating a missing country by code), for a load into a graph that holds no facility: the loader checks with load_target_empty in the same transaction, and the facility_id constraint makes a concurrent writer of the same ids fail the load rather than duplicate a facility. The properties are spelled out in CREATE, not SET f += r.props, so that the plan has no Eager operator; a null property is not stored, as with SET.
// @mode write
// @param rows list<map>   One map per facility: id, tier, country and props (the other properties, see seed/FORMAT.md).
UNWIND $rows AS r
CREATE (f:Facility:$(r.tier) {id: r.id, name: r.props.name, company: r.props.company, country: r.props.country,
  lat: r.props.lat, lon: r.props.lon, locationApproximate: r.props.locationApproximate,
  locationNote: r.props.locationNote, capacity: r.props.capacity,
  capacityLow: r.props.capacityLow, capacityHigh: r.props.capacityHigh,
  capacityUnit: r.props.capacityUnit, capacityBasis: r.props.capacityBasis, status: r.props.status,
  onlineDate: r.props.onlineDate, rampMonths: r.props.rampMonths, stockDays: r.props.stockDays,
  aggregate: r.props.aggregate, notes: r.props.notes, sources: r.props.sources, asOf: r.props.asOf,
  confidence: r.props.confidence})
WITH f, r
MERGE (c:Country {code: r.country})
CREATE (f)-[:LOCATED_IN]->(c)
