package neo4jstore_test

// Loader benchmarks: Store.Load (one transaction, UNWIND batches) against a
// naive loader (one MERGE statement per row, each its own auto-commit
// transaction and round trip), on the same generated network. They run
// only with -bench; see BENCHMARKS.md for the commands and results.

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// The sizes: small enough for the naive loader to take well under a minute,
// and the large network of the generator's benchmark.
var (
	benchSmall = seed.GenerateOptions{Facilities: 1000, Flows: 5000, Seed: 1}
	benchLarge = seed.GenerateOptions{Facilities: 100000, Flows: 500000, Seed: 1}
)

// The naive loader's statements: those of cypher/upsert_*.cypher for one
// row, $row, instead of UNWIND $rows AS r. The rows are the same maps
// (cypher.*Row) that Store.Load sends.
const (
	naiveCountry  = `MERGE (c:Country {code: $row.code}) SET c.name = $row.name, c.region = $row.region`
	naiveMaterial = `MERGE (m:Material {code: $row.code}) SET m += $row`
	naiveFacility = `MERGE (f:Facility {id: $row.id})
REMOVE f:Mine:Separation:Refinery:Metal:Alloy:Magnet:OEM:Recycler:Trader
SET f += $row.props, f:$($row.tier)
WITH f
OPTIONAL MATCH (f)-[old:LOCATED_IN]->(c:Country)
WHERE c.code <> $row.country
DELETE old
WITH DISTINCT f
MERGE (c:Country {code: $row.country})
MERGE (f)-[:LOCATED_IN]->(c)`
	naiveFlow = `MATCH (a:Facility {id: $row.from})
MATCH (b:Facility {id: $row.to})
MERGE (a)-[s:SUPPLIES {material: $row.material}]->(b)
SET s += $row.props`
	naiveContent = `MATCH (m:Material {code: $row.material})
MERGE (e:Element {symbol: $row.element})
MERGE (m)-[c:CONTAINS {material: $row.material, element: $row.element, from: $row.from, to: $row.to}]->(e)
SET c += $row.props`
)

// naiveLoad writes ds one row at a time: a statement, an auto-commit
// transaction and a round trip per row.
func naiveLoad(ctx context.Context, drv neo4j.DriverWithContext, ds graph.Dataset) error {
	session := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j", AccessMode: neo4j.AccessModeWrite})
	defer func() { _ = session.Close(ctx) }()
	one := func(query string, row map[string]any) error {
		res, err := session.Run(ctx, query, map[string]any{"row": row})
		if err != nil {
			return err
		}
		_, err = res.Consume(ctx)
		return err
	}
	for _, c := range ds.Countries {
		if err := one(naiveCountry, neo4jstore.CountryRow(c)); err != nil {
			return fmt.Errorf("country %s: %w", c.Code, err)
		}
	}
	for _, m := range ds.Materials {
		if err := one(naiveMaterial, neo4jstore.MaterialRow(m)); err != nil {
			return fmt.Errorf("material %s: %w", m.Code, err)
		}
	}
	for _, f := range ds.Facilities {
		if err := one(naiveFacility, neo4jstore.FacilityRow(f)); err != nil {
			return fmt.Errorf("facility %s: %w", f.ID, err)
		}
	}
	for _, f := range ds.Flows {
		if err := one(naiveFlow, neo4jstore.FlowRow(f)); err != nil {
			return fmt.Errorf("flow %s -> %s: %w", f.From, f.To, err)
		}
	}
	for _, c := range ds.Contents {
		if err := one(naiveContent, neo4jstore.ContentRow(c)); err != nil {
			return fmt.Errorf("content %s %s: %w", c.Material, c.Element, err)
		}
	}
	return nil
}

// loadedCounts is what the graph holds once ds is loaded.
func loadedCounts(ds graph.Dataset) neo4jstore.Counts {
	elements := map[string]bool{}
	for _, c := range ds.Contents {
		elements[c.Element] = true
	}
	return neo4jstore.Counts{
		Facilities: int64(len(ds.Facilities)), Flows: int64(len(ds.Flows)), Countries: int64(len(ds.Countries)),
		Materials: int64(len(ds.Materials)), LocatedIn: int64(len(ds.Facilities)),
		Contents: int64(len(ds.Contents)), Elements: int64(len(elements)),
		Stockpiles: int64(len(ds.Stockpiles)), Demands: int64(len(ds.Demands)),
		Holds: int64(len(ds.Stockpiles)), Needs: int64(len(ds.Demands)),
	}
}

// benchLoad generates the network of opts, then loads it into an empty
// graph b.N times with load, checks what the graph holds and reports
// rows/s (countries, materials, facilities and flows; clearing the graph
// between runs is not timed).
func benchLoad(b *testing.B, opts seed.GenerateOptions, load func(context.Context, *neo4jstore.Store, graph.Dataset) error) {
	ctx := context.Background()
	ds := seed.Generate(opts)
	rows := len(ds.Countries) + len(ds.Materials) + len(ds.Facilities) + len(ds.Flows)
	s := neo4jtest.Store(b)
	for b.Loop() {
		b.StopTimer()
		if err := s.Clear(ctx); err != nil {
			b.Fatalf("clear: %v", err)
		}
		b.StartTimer()
		if err := load(ctx, s, ds); err != nil {
			b.Fatalf("load %d rows: %v", rows, err)
		}
	}
	b.StopTimer()
	got, err := s.Count(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if want := loadedCounts(ds); got != want {
		b.Fatalf("after the load the graph holds %+v, want %+v", got, want)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// driver connects to the shared Neo4j with a driver of its own.
func driver(b testing.TB) neo4j.DriverWithContext {
	uri, user, password := neo4jtest.Connection(b)
	auth := neo4j.NoAuth()
	if user != "" || password != "" {
		auth = neo4j.BasicAuth(user, password, "")
	}
	drv, err := neo4j.NewDriverWithContext(uri, auth)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = drv.Close(context.Background()) })
	return drv
}

func batched(ctx context.Context, s *neo4jstore.Store, ds graph.Dataset) error {
	_, err := s.Load(ctx, ds)
	return err
}

// BenchmarkLoadBatched is Store.Load on the small network.
func BenchmarkLoadBatched(b *testing.B) { benchLoad(b, benchSmall, batched) }

// BenchmarkLoadNaive is the naive loader on the small network.
func BenchmarkLoadNaive(b *testing.B) {
	drv := driver(b)
	benchLoad(b, benchSmall, func(ctx context.Context, _ *neo4jstore.Store, ds graph.Dataset) error {
		return naiveLoad(ctx, drv, ds)
	})
}

// pairedLoad times two loaders of the small network into an empty graph,
// one after the other in each iteration so that both see the same load on
// a shared machine, checks each left the whole network, and reports both
// rates (metric names a and b) and the ratio of b's time to a's.
func pairedLoad(bm *testing.B, nameA, nameB string, loadA, loadB func(context.Context, *neo4jstore.Store, graph.Dataset) error) {
	ctx := context.Background()
	ds := seed.Generate(benchSmall)
	rows := float64(len(ds.Countries) + len(ds.Materials) + len(ds.Facilities) + len(ds.Flows))
	s := neo4jtest.Store(bm)
	want := loadedCounts(ds)
	timed := func(load func(context.Context, *neo4jstore.Store, graph.Dataset) error) time.Duration {
		if err := s.Clear(ctx); err != nil {
			bm.Fatalf("clear: %v", err)
		}
		began := time.Now()
		if err := load(ctx, s, ds); err != nil {
			bm.Fatalf("load: %v", err)
		}
		took := time.Since(began)
		if c, err := s.Count(ctx); err != nil || c != want {
			bm.Fatalf("after the load: %+v, %v; want %+v", c, err, want)
		}
		return took
	}
	var timeA, timeB time.Duration
	for bm.Loop() {
		timeA += timed(loadA)
		timeB += timed(loadB)
	}
	n := float64(bm.N)
	bm.ReportMetric(rows*n/timeA.Seconds(), nameA+"-rows/s")
	bm.ReportMetric(rows*n/timeB.Seconds(), nameB+"-rows/s")
	bm.ReportMetric(timeB.Seconds()/timeA.Seconds(), "ratio")
}

func storeLoad(ctx context.Context, s *neo4jstore.Store, ds graph.Dataset) error {
	_, err := s.Load(ctx, ds)
	return err
}

// BenchmarkLoadRatio loads the small network with Store.Load and with the
// naive loader in each iteration and reports both rates and their ratio.
func BenchmarkLoadRatio(b *testing.B) {
	drv := driver(b)
	pairedLoad(b, "batched", "naive", storeLoad, func(ctx context.Context, _ *neo4jstore.Store, ds graph.Dataset) error {
		return naiveLoad(ctx, drv, ds)
	})
}

// mergeLoad is Store.Load's MERGE path forced on any graph: every statement
// of neo4jstore.UpsertSteps in one transaction, in UNWIND batches of 5,000, as
// Store.Load ran before it had a CREATE path for an empty graph.
func mergeLoad(ctx context.Context, drv neo4j.DriverWithContext, lib *cypher.Library, ds graph.Dataset) error {
	session := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j", AccessMode: neo4j.AccessModeWrite})
	defer func() { _ = session.Close(ctx) }()
	_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		for _, st := range neo4jstore.UpsertSteps(ds) {
			for start := 0; start < len(st.Rows); start += 5000 {
				res, err := tx.Run(ctx, lib.MustGet(st.Query).Text, map[string]any{"rows": st.Rows[start:min(start+5000, len(st.Rows))]})
				if err != nil {
					return struct{}{}, err
				}
				if _, err := res.Consume(ctx); err != nil {
					return struct{}{}, err
				}
			}
		}
		return struct{}{}, nil
	})
	return err
}

// BenchmarkLoadPaths loads the small network into an empty graph with
// Store.Load (which takes the CREATE path there) and with its MERGE path
// forced (mergeLoad) in each iteration, and reports both rates and their
// ratio.
func BenchmarkLoadPaths(b *testing.B) {
	drv := driver(b)
	pairedLoad(b, "create", "merge", storeLoad, func(ctx context.Context, s *neo4jstore.Store, ds graph.Dataset) error {
		return mergeLoad(ctx, drv, s.Library(), ds)
	})
}

// BenchmarkLoadBatchedLarge is Store.Load on the large network, one
// transaction of 600,000 rows (run it with NEO4J_TEST_HEAP=2g or more).
func BenchmarkLoadBatchedLarge(b *testing.B) { benchLoad(b, benchLarge, batched) }

// BenchmarkLoadBatchedScale is Store.Load on networks of growing size. (It
// showed that a relationship index on SUPPLIES.material made upsert_flows'
// MERGE seek every flow of the material, so loads grew with the square of
// the flows; the schema no longer has that index.)
func BenchmarkLoadBatchedScale(b *testing.B) {
	for _, facilities := range []int{1000, 2000, 5000, 10000, 20000, 50000, 100000} {
		opts := seed.GenerateOptions{Facilities: facilities, Flows: 5 * facilities, Seed: 1}
		b.Run("flows="+strconv.Itoa(opts.Flows), func(b *testing.B) {
			benchLoad(b, opts, batched)
		})
	}
}

// BenchmarkExport times what a projection load reads, and its parts, on
// generated networks of CHOKEPOINT_BENCH_NEO4J_FLOWS flows: Store.Export
// whole; the flows query alone, its records read from the driver but not
// decoded, with and without its ORDER BY; and Store.Export again with
// those records decoded (the difference is the other queries).
//
//	NEO4J_TEST_HEAP=4g CHOKEPOINT_BENCH_NEO4J_FLOWS=100000,500000 \
//	  go test ./graph/neo4jstore -run '^$' -bench Export -benchtime 2x -timeout 60m
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	store := neo4jtest.Store(b)
	drv := driver(b)
	// The flows as rows, one per flow (as export_flows read them before
	// issue 18), with and without their order.
	unordered := `MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
RETURN a.id AS from, b.id AS to, s.material AS material, s.tonnesPerYear AS tonnesPerYear,
       s.tonnesLow AS tonnesLow, s.tonnesHigh AS tonnesHigh, s.basis AS basis,
       s.validFrom AS validFrom, s.validTo AS validTo, s.notes AS notes,
       coalesce(s.sources, []) AS sources, s.asOf AS asOf, s.confidence AS confidence
`
	ordered := unordered + "ORDER BY from, to, material"
	perShipper := store.Library().MustGet("export_flows").Text
	// export_flows' parameters (a whole read), which the other queries
	// ignore.
	params := store.Library().MustGet("export_flows").Defaults(nil)
	for _, flows := range neo4jtest.BenchFlows() {
		neo4jtest.LoadGenerated(b, store, flows)
		b.Run(fmt.Sprintf("flows=%d/export", flows), func(b *testing.B) {
			for b.Loop() {
				ds, err := store.Export(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if len(ds.Flows) != flows {
					b.Fatalf("exported %d flows, want %d", len(ds.Flows), flows)
				}
			}
		})
		// The analyzer's check of whether the graph changed, every two
		// seconds while it is in use: after a commit (here a saved
		// scenario, which the counts do not see), and again with none.
		b.Run(fmt.Sprintf("flows=%d/fingerprint-after-a-commit", flows), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				if err := store.SaveScenario(ctx, graph.Scenario{Name: "bench", To: "JP"}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := store.Fingerprint(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/fingerprint-no-commit-since", flows), func(b *testing.B) {
			if _, err := store.Fingerprint(ctx); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := store.Fingerprint(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What the projection needs of a flow, as rows and as one row of
		// columns (lists), to see what a narrower or columnar read saves.
		narrow := `MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
RETURN a.id AS from, b.id AS to, s.material AS material, s.tonnesPerYear AS tonnesPerYear`
		columns := `MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
RETURN collect(a.id) AS from, collect(b.id) AS to, collect(s.material) AS material, collect(s.tonnesPerYear) AS tonnesPerYear`
		// What a projection-only read would cost (issue 18, item 3): a row
		// per shipper, a list of values per flow, node ids instead of
		// facility ids, with and without the flows' sources; and a floor:
		// reading every flow's property keys and nothing else.
		perShipperCols := func(cols string) string {
			return `MATCH (a:Facility)
CALL (a) {
  MATCH (a)-[s:SUPPLIES]->(b:Facility)
  RETURN ` + cols + `
}
WITH a, to WHERE size(to) > 0
RETURN id(a) AS from, to`
		}
		// want is the records each returns: one per flow, one in all, or
		// -1 for one per shipping facility (or per property key).
		variants := []struct {
			name, q string
			want    int
		}{
			{"flows-records", ordered, flows}, {"flows-records-unordered", unordered, flows},
			{"flows-records-narrow", narrow, flows}, {"flows-columns-narrow", columns, 1},
			{"flows-per-shipper", perShipper, -1},
			{"facilities-rows-of-1000", store.Library().MustGet("export_facilities").Text, (flows/5 + 999) / 1000},
			{"flows-per-shipper-3-values", perShipperCols(
				`collect([id(b), s.material, s.tonnesPerYear]) AS to`), -1},
			{"flows-per-shipper-9-values-no-sources", perShipperCols(
				`collect([id(b), s.material, s.tonnesPerYear, s.tonnesLow, s.tonnesHigh, s.basis,
    s.validFrom, s.validTo, s.confidence]) AS to`), -1},
			{"flows-per-shipper-sources-only", perShipperCols(`collect(coalesce(s.sources, [])) AS to`), -1},
			{"flows-property-keys-only", `MATCH ()-[s:SUPPLIES]->() UNWIND keys(s) AS k RETURN k, count(*)`, -1},
		}
		for _, v := range variants {
			name, q, want := v.name, v.q, v.want
			b.Run(fmt.Sprintf("flows=%d/%s", flows, name), func(b *testing.B) {
				session := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
				defer func() { _ = session.Close(ctx) }()
				for b.Loop() {
					n, err := neo4j.ExecuteRead(ctx, session,
						func(tx neo4j.ManagedTransaction) (int, error) {
							res, err := tx.Run(ctx, q, params)
							if err != nil {
								return 0, err
							}
							n := 0
							for res.Next(ctx) {
								n++
							}
							return n, res.Err()
						})
					if err != nil {
						b.Fatal(err)
					}
					if want >= 0 && n != want {
						b.Fatalf("read %d records, want %d", n, want)
					}
				}
			})
		}
	}
}

// BenchmarkReplace times an import that replaces a graph of
// CHOKEPOINT_BENCH_NEO4J_FLOWS flows by the small network (1,000
// facilities, 5,000 flows), and Store.Clear of it, against a first load
// of the large one.
func BenchmarkReplace(b *testing.B) {
	ctx := context.Background()
	store := neo4jtest.Store(b)
	small := seed.Generate(benchSmall)
	replace := func(ds graph.Dataset) error {
		_, err := store.LoadWith(ctx, ds, neo4jstore.LoadOptions{Replace: true})
		return err
	}
	// timed runs first, untimed, then step, timed, in every iteration.
	timed := func(b *testing.B, first, step func() error) {
		for b.Loop() {
			b.StopTimer()
			if err := first(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := step(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
	}
	for _, flows := range neo4jtest.BenchFlows() {
		large := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
		b.Run(fmt.Sprintf("flows=%d/load", flows), func(b *testing.B) {
			timed(b, func() error { return store.Clear(ctx) }, func() error { _, err := store.Load(ctx, large); return err })
		})
		b.Run(fmt.Sprintf("flows=%d/clear", flows), func(b *testing.B) {
			timed(b, func() error { return replace(large) }, func() error { return store.Clear(ctx) })
			if empty, err := store.Empty(ctx); err != nil || !empty {
				b.Fatalf("after Clear the graph is empty: %v, %v", empty, err)
			}
		})
		b.Run(fmt.Sprintf("flows=%d/replace-by-small", flows), func(b *testing.B) {
			timed(b, func() error { return replace(large) }, func() error { return replace(small) })
			c, err := store.Count(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if c.Flows != int64(len(small.Flows)) {
				b.Fatalf("after the replace the graph has %d flows, want %d", c.Flows, len(small.Flows))
			}
		})
	}
}
