// @name upsert_facilities
// @description Creates or updates facilities by id; a new facility gets its tier label. relabel_facilities then moves an existing facility whose tier changed, relink_facilities its LOCATED_IN link (kept apart so that this statement plans no Eager operator for the label swap or the relink).
// @mode write
// @param rows list<map>   One map per facility: id, tier, country and props (the other properties, see seed/FORMAT.md).
UNWIND $rows AS r
MERGE (f:Facility {id: r.id})
ON CREATE SET f:$(r.tier)
SET f += r.props
