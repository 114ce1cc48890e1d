package neo4jstore

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// batchSize is how many rows one UNWIND statement carries.
const batchSize = 5000

// LoadStats counts what a load wrote.
type LoadStats = graph.LoadStats

// LoadOptions tune LoadWith.
type LoadOptions = graph.LoadOptions

// Load merges a dataset into the graph in one write transaction, batched
// with UNWIND: either all of it is written or, on any error, none of it.
// Loading the same dataset twice changes nothing (MERGE on stable ids).
// The dataset must be valid (see package seed); Load does not validate it.
func (s *Store) Load(ctx context.Context, ds graph.Dataset) (LoadStats, error) {
	return s.LoadWith(ctx, ds, LoadOptions{})
}

// LoadWith is Load with options: replace the graph, report progress.
//
// A URL the records cite without a registry entry in ds.Sources gets an
// automatic one (graph.AutoSource) unless the graph has one already.
//
// When the graph holds no facility and no element content once the
// transaction has begun (a first load), the
// facilities, their LOCATED_IN links, the flows and the contents are
// written with CREATE (CreateSteps), which skips MERGE's lookups and
// locks; otherwise with MERGE (UpsertSteps).
// The check runs in the same transaction. A concurrent load that writes
// facilities of the same ids (or contents of the same keys) meanwhile makes
// one of the two transactions fail on the facility_id (or contains_key)
// constraint: nothing is duplicated, and the failed load writes nothing.
func (s *Store) LoadWith(ctx context.Context, ds graph.Dataset, opts LoadOptions) (LoadStats, error) {
	defer s.observe("load", time.Now())
	stats := LoadStats{Countries: len(ds.Countries), Materials: len(ds.Materials), Facilities: len(ds.Facilities),
		Flows: len(ds.Flows), Controls: len(ds.Controls), Contents: len(ds.Contents),
		Sources: len(ds.Sources) + len(graph.Unregistered(ds, nil)), Stockpiles: len(ds.Stockpiles), Demands: len(ds.Demands)}
	total := stats.Rows()
	if !s.loading.TryLock() {
		return LoadStats{}, graph.Errorf(graph.Conflict, "load dataset", "another import is being written; nothing was written: send it again when that one has finished")
	}
	defer s.loading.Unlock()
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	// An explicit transaction, not a managed one: the load commits under
	// the store's commit lock (see Store.commit), and is not re-run by the
	// driver (the second load it would race is refused above).
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err != nil {
		return LoadStats{}, wrap("load dataset", err)
	}
	defer func() { _ = tx.Rollback(ctx) }() // after a commit, a no-op
	if err := s.writeDataset(ctx, tx, ds, opts, total); err != nil {
		return LoadStats{}, wrap("load dataset", err)
	}
	// The commit is marked in the graph first (begin_commit, committed on
	// its own), counted after (end_commit): an export on any server that
	// shares the database sees the mark or the new count, and reads again
	// (see Export). Here, readers wait behind the commit lock.
	if _, err := s.write(ctx, "begin_commit", nil); err != nil {
		return LoadStats{}, err
	}
	s.commit.Lock()
	err = tx.Commit(ctx)
	s.commit.Unlock()
	if _, endErr := s.write(context.WithoutCancel(ctx), "end_commit", nil); endErr != nil && err == nil {
		s.cfg.Logger.Warn("the import committed, but its count in the graph's generation failed; exports wait for its mark to expire", "err", endErr)
	}
	if err != nil {
		return LoadStats{}, wrap("load dataset", err)
	}
	return stats, nil
}

// writeDataset writes ds in tx, step by step in batches. A step that
// returns how many rows it wrote (written: flows and contents, whose
// facilities or materials must exist) must have written every row sent:
// one that did not is a Conflict (what it named was not in the graph,
// though it was when the import was checked), and nothing is committed.
func (s *Store) writeDataset(ctx context.Context, tx neo4j.ExplicitTransaction, ds graph.Dataset, opts LoadOptions, total int) error {
	empty, err := targetEmpty(ctx, tx, s.lib.MustGet("load_target_empty").Text)
	if err != nil {
		return err
	}
	var steps []Step
	switch {
	case empty:
		steps = CreateSteps(ds)
		if opts.Replace { // what else the graph holds goes
			steps = append(steps, SweepStep(ds))
		}
	case opts.Replace:
		// Merge, then delete what ds does not hold: deleting first (as
		// delete_all would) slows every index lookup after it in the
		// transaction by the number of nodes deleted (BENCHMARKS.md).
		steps = ReplaceSteps(ds)
	default:
		steps = UpsertSteps(ds)
	}
	done := 0
	for _, step := range steps {
		q := s.lib.MustGet(step.Query)
		if step.Params != nil {
			if _, _, err := runBatch(ctx, tx, q.Text, step.Params, false); err != nil {
				return err
			}
			continue
		}
		for start := 0; start < len(step.Rows); start += batchSize {
			end := min(start+batchSize, len(step.Rows))
			written, counted, err := runBatch(ctx, tx, q.Text, map[string]any{"rows": step.Rows[start:end]}, step.Creates)
			if err != nil {
				return err
			}
			if counted && written != int64(end-start) {
				return graph.Errorf(graph.Conflict, "load dataset",
					"%s wrote %d of %d rows: what they name (facilities, materials) is no longer in the graph; nothing was written",
					step.Query, written, end-start)
			}
			if step.Links {
				continue
			}
			done += end - start
			if opts.Progress != nil {
				opts.Progress(done, total)
			}
		}
	}
	return nil
}

// targetEmpty runs load_target_empty in the load's transaction.
func targetEmpty(ctx context.Context, tx neo4j.ExplicitTransaction, query string) (bool, error) {
	res, err := tx.Run(ctx, query, nil)
	if err != nil {
		return false, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return false, err
	}
	return get[bool](rec, "empty")
}

// runBatch runs one statement of a load. What it wrote is counted when
// it returns a written column, or (creates) by the relationships it
// created: one per row (a count after CREATE would make its plan Eager).
func runBatch(ctx context.Context, tx neo4j.ExplicitTransaction, query string, params map[string]any, creates bool) (written int64, counted bool, err error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return 0, false, err
	}
	for res.Next(ctx) {
		if v, ok := res.Record().Get("written"); ok {
			n, _ := v.(int64)
			written, counted = written+n, true
		}
	}
	if err := res.Err(); err != nil {
		return 0, false, err
	}
	sum, err := res.Consume(ctx)
	if err == nil && creates {
		written, counted = int64(sum.Counters().RelationshipsCreated()), true
	}
	return written, counted, err
}

// Empty reports whether the database holds no facility.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	page, _, err := s.Facilities(ctx, graph.FacilityFilter{Limit: 1})
	if err != nil {
		return false, err
	}
	return len(page) == 0, nil
}

// Clear deletes every node and relationship, in batches.
func (s *Store) Clear(ctx context.Context) error {
	q := s.lib.MustGet("clear_graph")
	if !s.loading.TryLock() {
		return graph.Errorf(graph.Conflict, "clear graph", "an import is being written; nothing was deleted")
	}
	defer s.loading.Unlock()
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	for {
		// Each batch commits under the commit lock: a reader sees the graph
		// before or after a batch, not half of one.
		s.commit.Lock()
		n, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, q.Text, q.Defaults(nil))
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return get[int64](rec, "deleted")
		}, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
		s.commit.Unlock()
		if err != nil {
			return wrap("clear graph", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// Counts is how many of each thing the graph holds.
type Counts struct {
	Facilities, Flows, Countries, Materials, LocatedIn int64
	// Contents counts CONTAINS edges, Elements the Element nodes they end at.
	Contents, Elements int64
	// Stockpiles and Demands count their nodes, Holds and Needs the links
	// from their countries and facilities.
	Stockpiles, Demands, Holds, Needs int64
}

// Count counts the graph's facilities, flows, countries, materials,
// LOCATED_IN links, element contents, elements, stockpiles and demands
// and their links.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	return readOne(ctx, s, "counts", nil, func(r *neo4j.Record) (Counts, error) {
		var c Counts
		var err error
		for _, f := range []struct {
			key string
			dst *int64
		}{{"facilities", &c.Facilities}, {"flows", &c.Flows}, {"countries", &c.Countries}, {"materials", &c.Materials}, {"locatedIn", &c.LocatedIn},
			{"contents", &c.Contents}, {"elements", &c.Elements}, {"stockpiles", &c.Stockpiles}, {"demands", &c.Demands},
			{"holds", &c.Holds}, {"needs", &c.Needs}} {
			if *f.dst, err = get[int64](r, f.key); err != nil {
				return c, err
			}
		}
		return c, nil
	})
}
