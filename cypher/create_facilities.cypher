// @name create_facilities
// @description Creates facilities with their tier label, for a load into a graph that holds no facility (the loader checks with load_target_empty in the same transaction; the facility_id constraint makes a concurrent writer of the same ids fail the load rather than duplicate a facility). create_located_in then links them to their countries.
// @mode write
// @param rows list<map>   One map per facility: id, tier, country and props (the other properties, see seed/FORMAT.md).
UNWIND $rows AS r
CREATE (f:Facility:$(r.tier) {id: r.id})
SET f += r.props
