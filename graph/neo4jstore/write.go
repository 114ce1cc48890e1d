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
// transaction has begun (a first load, or a replace after delete_all), the
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
		Sources: len(ds.Sources) + len(graph.Unregistered(ds, nil))}
	total := stats.Rows()
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		empty := true
		if opts.Replace {
			if err := run(ctx, tx, s.lib.MustGet("delete_all").Text, nil); err != nil {
				return struct{}{}, err
			}
		} else {
			var err error
			if empty, err = targetEmpty(ctx, tx, s.lib.MustGet("load_target_empty").Text); err != nil {
				return struct{}{}, err
			}
		}
		var steps []Step
		if empty {
			steps = CreateSteps(ds)
		} else {
			steps = UpsertSteps(ds)
		}
		done := 0
		for _, step := range steps {
			q := s.lib.MustGet(step.Query)
			for start := 0; start < len(step.Rows); start += batchSize {
				end := min(start+batchSize, len(step.Rows))
				if err := run(ctx, tx, q.Text, map[string]any{"rows": step.Rows[start:end]}); err != nil {
					return struct{}{}, err
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
		return struct{}{}, nil
	}, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err != nil {
		return LoadStats{}, wrap("load dataset", err)
	}
	return stats, nil
}

// targetEmpty runs load_target_empty in the load's transaction.
func targetEmpty(ctx context.Context, tx neo4j.ManagedTransaction, query string) (bool, error) {
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

func run(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) error {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
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
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	for {
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
}

// Count counts the graph's facilities, flows, countries, materials,
// LOCATED_IN links, element contents and elements.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	return readOne(ctx, s, "counts", nil, func(r *neo4j.Record) (Counts, error) {
		var c Counts
		var err error
		for _, f := range []struct {
			key string
			dst *int64
		}{{"facilities", &c.Facilities}, {"flows", &c.Flows}, {"countries", &c.Countries}, {"materials", &c.Materials}, {"locatedIn", &c.LocatedIn},
			{"contents", &c.Contents}, {"elements", &c.Elements}} {
			if *f.dst, err = get[int64](r, f.key); err != nil {
				return c, err
			}
		}
		return c, nil
	})
}
