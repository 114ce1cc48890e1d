// @name relabel_facilities
// @description Gives facilities whose tier changed their new tier label and removes the old one; facilities already labelled with their tier are not touched.
// @mode write
// @param rows list<map>   One map per facility: id and tier.
UNWIND $rows AS r
MATCH (f:Facility {id: r.id})
WHERE NOT r.tier IN labels(f)
REMOVE f:Mine:Separation:Refinery:Metal:Alloy:Magnet:OEM:Recycler:Trader
SET f:$(r.tier)
