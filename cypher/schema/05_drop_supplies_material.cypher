// @description Drops the relationship index on SUPPLIES.material that earlier versions created: with it the planner answers the MERGE of upsert_flows by seeking every flow of the material instead of expanding between the two facilities, so loads grew with the square of the flows (see BENCHMARKS.md).
// @mode write
DROP INDEX supplies_material IF EXISTS
