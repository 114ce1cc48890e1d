package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Export reads the whole graph as a dataset, in canonical order, in one
// read transaction (the flows in parts beside it: see exportFlows).
// Neo4j's read transactions are read committed, not snapshots: the read
// holds the store's commit lock, so that no load of this process commits
// while it reads (see Store.commit), and checks the graph's generation
// around it for the loads of other processes (see stableRead).
func (s *Store) Export(ctx context.Context) (graph.Dataset, error) {
	defer s.observe("export", time.Now())
	ds, err := stableRead(ctx, s, "export", s.cfg.WriteTimeout, func(tx neo4j.ManagedTransaction) (graph.Dataset, error) {
		var ds graph.Dataset
		var err error
		if ds.Countries, err = collect(ctx, tx, s.lib.MustGet("export_countries").Text, nil, countryFromRecord); err != nil {
			return ds, err
		}
		if ds.Materials, err = collect(ctx, tx, s.lib.MustGet("export_materials").Text, nil, materialFromRecord); err != nil {
			return ds, err
		}
		if ds.Facilities, err = collectInto(ctx, tx, s.lib.MustGet("export_facilities").Text, nil, facilitiesFromRecord); err != nil {
			return ds, err
		}
		if ds.Flows, err = s.exportFlows(ctx, ds.Facilities); err != nil {
			return ds, err
		}
		if ds.Controls, err = collect(ctx, tx, s.lib.MustGet("export_controls").Text, nil, controlFromRecord); err != nil {
			return ds, err
		}
		if ds.Contents, err = collect(ctx, tx, s.lib.MustGet("export_contents").Text, nil, contentFromRecord); err != nil {
			return ds, err
		}
		if ds.Sources, err = collect(ctx, tx, s.lib.MustGet("export_sources").Text, nil, sourceFromRecord); err != nil {
			return ds, err
		}
		if ds.Stockpiles, err = collect(ctx, tx, s.lib.MustGet("export_stockpiles").Text, nil, stockpileFromRecord); err != nil {
			return ds, err
		}
		if ds.Demands, err = collect(ctx, tx, s.lib.MustGet("export_demands").Text, nil, demandFromRecord); err != nil {
			return ds, err
		}
		return ds, nil
	})
	if err != nil {
		return graph.Dataset{}, err
	}
	// export_contents orders by material, element, from, to as Neo4j
	// compares strings; the canonical order is graph.ContentKey's, in Go
	// (and StockpileKey's and DemandKey's for stockpiles and demands; the
	// flows are in theirs from exportFlows).
	slices.SortFunc(ds.Contents, func(a, b graph.Content) int { return strings.Compare(graph.ContentKey(a), graph.ContentKey(b)) })
	slices.SortFunc(ds.Sources, func(a, b graph.Source) int { return strings.Compare(a.URL, b.URL) })
	slices.SortFunc(ds.Stockpiles, func(a, b graph.Stockpile) int { return strings.Compare(graph.StockpileKey(a), graph.StockpileKey(b)) })
	slices.SortFunc(ds.Demands, func(a, b graph.Demand) int { return strings.Compare(graph.DemandKey(a), graph.DemandKey(b)) })
	return ds, nil
}

// readAttempts is how many times a read is made again while imports of
// other processes keep committing before it gives up.
const readAttempts = 8

// stableRead runs work in a read transaction behind the commit lock,
// between two readings of the graph's generation (generation.cypher): when
// an import of another process (a replica on the same database) was
// committing, or committed, while it read, Neo4j's read-committed reads
// may have seen part of it, so the read is made again, up to
// readAttempts times, then refused as Unavailable.
func stableRead[T any](ctx context.Context, s *Store, op string, timeout time.Duration, work func(neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	gen := s.lib.MustGet("generation").Text
	for attempt := 1; ; attempt++ {
		v, stable, err := func() (T, bool, error) {
			session := s.session(ctx, neo4j.AccessModeRead)
			defer closeSession(ctx, session)
			s.commit.RLock()
			defer s.commit.RUnlock()
			stable := false
			v, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (T, error) {
				before, err := collect(ctx, tx, gen, nil, generationFromRecord)
				if err != nil || before[0].committing {
					return zero, err
				}
				v, err := work(tx)
				if err != nil {
					return zero, err
				}
				after, err := collect(ctx, tx, gen, nil, generationFromRecord)
				stable = err == nil && after[0] == before[0]
				return v, err
			}, neo4j.WithTxTimeout(timeout))
			return v, stable, err
		}()
		if err != nil {
			return zero, wrap(op, err)
		}
		if stable {
			return v, nil
		}
		if attempt == readAttempts {
			return zero, graph.Errorf(graph.Unavailable, op, "the graph was being replaced during %d reads of it; try again", attempt)
		}
		select {
		case <-ctx.Done():
			return zero, wrap(op, ctx.Err())
		case <-time.After(time.Duration(attempt) * 250 * time.Millisecond):
		}
	}
}

// generation is a reading of the graph's generation (generation.cypher).
type generation struct {
	n          int64
	committing bool
}

func generationFromRecord(r *neo4j.Record) (generation, error) {
	n, err := get[int64](r, "n")
	if err != nil {
		return generation{}, err
	}
	c, err := get[bool](r, "committing")
	return generation{n: n, committing: c}, err
}

// Sources returns the registry entries of the given URLs, or of every
// source when urls is nil.
func (s *Store) Sources(ctx context.Context, urls []string) ([]graph.Source, error) {
	var p any
	if urls != nil {
		p = urls
	}
	return readAll(ctx, s, "sources", map[string]any{"urls": p}, sourceFromRecord)
}

// collect runs a statement in a transaction and maps every record.
func collect[T any](ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any, mapRecord func(*neo4j.Record) (T, error)) ([]T, error) {
	return collectInto(ctx, tx, query, params, func(r *neo4j.Record, out []T) ([]T, error) {
		v, err := mapRecord(r)
		return append(out, v), err
	})
}

// collectInto runs a statement in a transaction and appends what each
// record holds (read by add: one value or many) to a slice.
func collectInto[T any](ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any, add func(*neo4j.Record, []T) ([]T, error)) ([]T, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	var out []T
	for res.Next(ctx) {
		if out, err = add(res.Record(), out); err != nil {
			return nil, err
		}
	}
	return out, res.Err()
}

// flowParts is how many parts export_flows is read in, side by side: Neo4j
// Community runs a query on one core. At 500k flows on two cores (shared
// with the client), the flows' query alone took 3.5 s in two parts and
// 4.6 s in one, and Store.Export a median 16% less in five paired runs.
const flowParts = 2

// exportFlows reads export_flows in flowParts parts, ranges of the
// shippers' ids split at the facilities' (which export_facilities returns
// in Neo4j's order of ids, the order of the ranges' comparisons), each in a
// read transaction of its own, concurrently. It runs inside stableRead's
// transaction, whose generation readings are before and after all of
// them, and whose hold of the commit lock covers them (the parts do not
// take it again: a load waiting for it would deadlock them). The flows come
// back in the canonical order (from, to, material): each row's flows sorted
// by to and material, the rows by shipper, then joined, which is much
// cheaper than sorting half a million flows (a shipper's id is unique, so
// the order is the same).
func (s *Store) exportFlows(ctx context.Context, facilities []graph.Facility) ([]graph.Flow, error) {
	q := s.lib.MustGet("export_flows")
	// A part per facility at most: a part without a bound of its own
	// would read the whole graph again.
	n := min(flowParts, max(len(facilities), 1))
	bounds := make([]any, n+1) // nil at both ends: open ranges
	for i := 1; i < n; i++ {
		bounds[i] = facilities[i*len(facilities)/n].ID
	}
	parts := make([][][]graph.Flow, n)
	g, gctx := errgroup.WithContext(ctx)
	for i := range parts {
		g.Go(func() error {
			session := s.session(gctx, neo4j.AccessModeRead)
			defer closeSession(gctx, session)
			rows, err := neo4j.ExecuteRead(gctx, session, func(tx neo4j.ManagedTransaction) ([][]graph.Flow, error) {
				return collectInto(gctx, tx, q.Text, q.Defaults(map[string]any{"from": bounds[i], "until": bounds[i+1]}), addFlowRow)
			}, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
			parts[i] = rows
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	rows := slices.Concat(parts...)
	slices.SortFunc(rows, func(a, b []graph.Flow) int { return strings.Compare(a[0].From, b[0].From) })
	return slices.Concat(rows...), nil
}

// addFlowRow reads a row of export_flows, sorts its flows by to and
// material, and appends it to rows.
func addFlowRow(r *neo4j.Record, rows [][]graph.Flow) ([][]graph.Flow, error) {
	row, err := flowsFromRecord(r, nil)
	if err != nil || len(row) == 0 {
		return rows, err
	}
	slices.SortFunc(row, func(a, b graph.Flow) int {
		return cmp.Or(strings.Compare(a.To, b.To), strings.Compare(a.Material, b.Material))
	})
	return append(rows, row), nil
}

// Catalog returns the ids and tiers of the facilities, the codes of the
// materials and countries the graph holds, and the material and element of
// every default content (material+"\x00"+element).
func (s *Store) Catalog(ctx context.Context) (graph.Catalog, error) {
	return readOne(ctx, s, "catalog", nil, func(r *neo4j.Record) (graph.Catalog, error) {
		c := graph.Catalog{Facilities: map[string]graph.Tier{}, Materials: map[string]bool{}, Countries: map[string]bool{},
			Contents: map[string]bool{}, Sources: map[string]string{}}
		sources, err := get[[]any](r, "sources")
		if err != nil {
			return c, err
		}
		for _, p := range sources {
			pair, ok := p.([]any)
			if !ok || len(pair) != 2 {
				return c, fmt.Errorf("catalog: source entry %v", p)
			}
			id, _ := pair[0].(string)
			url, _ := pair[1].(string)
			c.Sources[id] = url
		}
		pairs, err := get[[]any](r, "facilities")
		if err != nil {
			return c, err
		}
		for _, p := range pairs {
			pair, ok := p.([]any)
			if !ok || len(pair) != 2 {
				return c, fmt.Errorf("catalog: facility entry %v", p)
			}
			id, _ := pair[0].(string)
			tier, _ := pair[1].(string)
			c.Facilities[id] = graph.Tier(tier)
		}
		contents, err := get[[]any](r, "contents")
		if err != nil {
			return c, err
		}
		for _, p := range contents {
			pair, ok := p.([]any)
			if !ok || len(pair) != 2 {
				return c, fmt.Errorf("catalog: content entry %v", p)
			}
			material, ok1 := pair[0].(string)
			element, ok2 := pair[1].(string)
			if !ok1 || !ok2 {
				return c, fmt.Errorf("catalog: content entry %v", p)
			}
			c.Contents[material+"\x00"+element] = true
		}
		for _, k := range []struct {
			key string
			set map[string]bool
		}{{"materials", c.Materials}, {"countries", c.Countries}} {
			codes, err := stringList(r, k.key)
			if err != nil {
				return c, err
			}
			for _, code := range codes {
				k.set[code] = true
			}
		}
		return c, nil
	})
}

// Stats summarises the graph.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	return readOne(ctx, s, "stats", nil, func(r *neo4j.Record) (graph.Stats, error) {
		var st graph.Stats
		for _, f := range []struct {
			key string
			dst *int64
		}{
			{"facilities", &st.Facilities}, {"countries", &st.Countries}, {"facilitiesSourced", &st.FacilitiesSourced},
			{"flows", &st.Flows}, {"flowsSourced", &st.FlowsSourced}, {"flowsEstimated", &st.FlowsEstimated},
			{"flowsWithTonnes", &st.FlowsWithTonnes}, {"controls", &st.Controls}, {"controlsSourced", &st.ControlsSourced},
			{"materials", &st.Materials}, {"materialsSourced", &st.MaterialsSourced},
			{"contents", &st.Contents}, {"contentsSourced", &st.ContentsSourced},
			{"facilitiesTier1", &st.FacilitiesTier1}, {"flowsTier1", &st.FlowsTier1}, {"controlsTier1", &st.ControlsTier1},
			{"materialsTier1", &st.MaterialsTier1}, {"contentsTier1", &st.ContentsTier1},
			{"facilitiesDenied", &st.FacilitiesDenied}, {"flowsDenied", &st.FlowsDenied}, {"controlsDenied", &st.ControlsDenied},
			{"materialsDenied", &st.MaterialsDenied}, {"contentsDenied", &st.ContentsDenied}, {"sources", &st.Sources},
		} {
			v, err := get[int64](r, f.key)
			if err != nil {
				return st, err
			}
			*f.dst = v
		}
		for _, b := range []struct {
			key string
			dst *[]graph.Count
		}{{"byTier", &st.ByTier}, {"byCountry", &st.ByCountry}, {"byMaterial", &st.ByMaterial}, {"byBasis", &st.ByBasis},
			{"bySourceKind", &st.BySourceKind}} {
			list, err := get[[]any](r, b.key)
			if err != nil {
				return st, err
			}
			for _, item := range list {
				m, ok := item.(map[string]any)
				if !ok {
					return st, fmt.Errorf("stats %s: entry %v", b.key, item)
				}
				c := graph.Count{}
				c.Key, _ = m["key"].(string)
				c.Count, _ = m["count"].(int64)
				switch t := m["tonnes"].(type) {
				case float64:
					c.Tonnes = t
				case int64:
					c.Tonnes = float64(t)
				}
				*b.dst = append(*b.dst, c)
			}
		}
		return st, nil
	})
}

// Fingerprint returns numbers that change when the network changes (counts
// and sums; an edit that keeps them all equal goes unnoticed, which is why
// the analyzer also rebuilds after a maximum age).
//
// The counts read every flow (1.3 s at 500k flows), and the analyzer asks
// every two seconds while it is in use; so Fingerprint first reads the
// bookmark the database gives a read, which names the last transaction it
// committed, and when no transaction committed since the last counts were
// read (and none during that reading), it returns those again.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	before, err := s.bookmark(ctx)
	if err != nil {
		return "", err
	}
	if last := s.printed.Load(); last != nil && before != "" && last.bookmark == before {
		return last.fp, nil
	}
	fp, err := readOne(ctx, s, "fingerprint", nil, func(r *neo4j.Record) (string, error) {
		return fmt.Sprint(r.Values...), nil
	})
	if err != nil {
		return "", err
	}
	if after, err := s.bookmark(ctx); err == nil && after == before && before != "" {
		s.printed.Store(&printed{bookmark: before, fp: fp})
	}
	return fp, nil
}

// printed is a fingerprint and the bookmark of the database when it was
// read.
type printed struct{ bookmark, fp string }

// bookmark returns the bookmark the database gives a read of the graph's
// generation (behind the commit lock, as other reads): it changes with
// every transaction committed, by any client
// (TestFingerprintSeesEveryCommit). Empty when the driver has none, or
// more than one.
func (s *Store) bookmark(ctx context.Context) (string, error) {
	defer s.observe("bookmark", time.Now())
	gen := s.lib.MustGet("generation").Text
	session := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(ctx, session)
	s.commit.RLock()
	defer s.commit.RUnlock()
	_, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) ([]generation, error) {
		return collect(ctx, tx, gen, nil, generationFromRecord)
	}, neo4j.WithTxTimeout(s.cfg.ReadTimeout))
	if err != nil {
		return "", wrap("fingerprint", err)
	}
	if marks := session.LastBookmarks(); len(marks) == 1 {
		return marks[0], nil
	}
	return "", nil
}
