package neo4jstore_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// readOutcome is what one read beside the replace loads saw.
type readOutcome int

const (
	whole   readOutcome = iota // one of the two graphs, whole
	torn                       // neither
	refused                    // nothing: the reader gave up (Unavailable)
	failed                     // an error, reported: this reader stops
)

// twoGraphs are the facility and flow counts of the two graphs the
// replace loads switch between.
type twoGraphs map[[2]int]bool

// counts reports whether facilities and flows are one graph's counts.
func (g twoGraphs) counts(facilities, flows int) bool { return g[[2]int{facilities, flows}] }

// whole reports whether ds is one of the graphs, every facility named;
// of its facilities only (a list of them) when facilitiesOnly.
func (g twoGraphs) whole(ds graph.Dataset, facilitiesOnly bool) bool {
	ok := g.counts(len(ds.Facilities), len(ds.Flows))
	if facilitiesOnly {
		ok = false
		for k := range g {
			ok = ok || k[0] == len(ds.Facilities)
		}
	}
	for _, f := range ds.Facilities {
		ok = ok && f.ID != "" && f.Name != ""
	}
	return ok
}

// duringReplaces runs read in two goroutines while s's graph is replaced
// four times, by a generated network (of seed gen) and by lynas() in
// turn, and counts the reads by outcome; read is given the two graphs.
func duringReplaces(t *testing.T, s *neo4jstore.Store, gen int64, read func(graphs twoGraphs) readOutcome) map[readOutcome]int64 {
	t.Helper()
	ctx := context.Background()
	small := lynas()
	big := seed.Generate(seed.GenerateOptions{Facilities: 3000, Flows: 9000, Seed: gen})
	if _, err := s.Load(ctx, small); err != nil {
		t.Fatal(err)
	}
	graphs := twoGraphs{{len(small.Facilities), len(small.Flows)}: true, {len(big.Facilities), len(big.Flows)}: true}
	done := make(chan struct{})
	var mu sync.Mutex
	counts := map[readOutcome]int64{}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				o := read(graphs)
				mu.Lock()
				counts[o]++
				mu.Unlock()
				if o == failed {
					return
				}
			}
		})
	}
	for i := range 4 {
		ds := big
		if i%2 == 1 {
			ds = small
		}
		if _, err := s.LoadWith(ctx, ds, graph.LoadOptions{Replace: true}); err != nil {
			t.Fatalf("replace %d: %v", i, err)
		}
	}
	close(done)
	wg.Wait()
	return counts
}

// TestReadsDuringReplaceSeeOneGraph: exports and stats read while replace
// loads switch the graph between two datasets describe one of the two,
// never a mix. Neo4j's reads are read committed: before the store ordered
// reads around a load's commit, exports beside a replace came back as
// facilities with every property null and no flows.
func TestReadsDuringReplaceSeeOneGraph(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	counts := duringReplaces(t, s, 3, func(graphs twoGraphs) readOutcome {
		ds, err := s.Export(ctx)
		if err != nil {
			t.Errorf("export: %v", err)
			return failed
		}
		if st, err := s.Stats(ctx); !graphs.whole(ds, false) || (err == nil && !graphs.counts(int(st.Facilities), int(st.Flows))) {
			return torn
		}
		return whole
	})
	reads := counts[whole] + counts[torn]
	t.Logf("%d reads beside 4 replace loads, %d torn", reads, counts[torn])
	if counts[torn] > 0 || reads < 6 {
		t.Errorf("%d of %d reads saw neither graph whole", counts[torn], reads)
	}
}

// TestReadsOnAnotherReplicaSeeOneGraph: a store of another process (a
// replica sharing the database) exports while this one's replace loads
// switch the graph: the graph's generation, read around each export and
// each stats, list or named query, makes it read again rather than return
// a mix. The commit lock alone orders
// only one process's readers.
func TestReadsOnAnotherReplicaSeeOneGraph(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	uri, user, pw := neo4jtest.Connection(t)
	replica, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: pw, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = replica.Close(ctx) }()
	var n atomic.Int64
	counts := duringReplaces(t, s, 5, func(graphs twoGraphs) readOutcome {
		// Each kind of read in turn: one kind right after another would
		// start in the window the export's retries waited out.
		kind := n.Add(1) % 3
		if kind == 0 {
			return readFacilities(t, replica, graphs)
		}
		if kind == 1 {
			return readStats(t, replica, graphs)
		}
		ds, err := replica.Export(ctx)
		switch {
		case graph.ErrorKind(err) == graph.Unavailable:
			return refused
		case err != nil:
			t.Errorf("export on the replica: %v", err)
			return failed
		case !graphs.whole(ds, false):
			return torn
		}
		return whole
	})
	reads := counts[whole] + counts[torn]
	t.Logf("%d exports, facility lists and stats on another store beside 4 replace loads: %d torn, %d gave up (the graph kept changing)", reads, counts[torn], counts[refused])
	if counts[torn] > 0 || reads < 6 {
		t.Errorf("%d of %d reads on another store saw neither graph whole", counts[torn], reads)
	}
}

func readFacilities(t *testing.T, replica *neo4jstore.Store, graphs twoGraphs) readOutcome {
	list, _, err := replica.Facilities(context.Background(), graph.FacilityFilter{Limit: 5000})
	switch {
	case graph.ErrorKind(err) == graph.Unavailable:
		return refused
	case err != nil:
		t.Errorf("facilities on the replica: %v", err)
		return failed
	case !graphs.whole(graph.Dataset{Facilities: list}, true):
		return torn
	}
	return whole
}

func readStats(t *testing.T, replica *neo4jstore.Store, graphs twoGraphs) readOutcome {
	st, err := replica.Stats(context.Background())
	switch {
	case graph.ErrorKind(err) == graph.Unavailable:
		return refused
	case err != nil:
		t.Errorf("stats on the replica: %v", err)
		return failed
	case !graphs.counts(int(st.Facilities), int(st.Flows)):
		return torn
	}
	return whole
}

// TestOneLoadAtATime: a load started while another is being written is
// refused at once with a Conflict, writing nothing; the first completes.
func TestOneLoadAtATime(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	big := seed.Generate(seed.GenerateOptions{Facilities: 3000, Flows: 9000, Seed: 4})
	started := make(chan struct{})
	var once sync.Once
	first := make(chan error, 1)
	go func() {
		_, err := s.LoadWith(ctx, big, graph.LoadOptions{Replace: true, Progress: func(int, int) { once.Do(func() { close(started) }) }})
		first <- err
	}()
	select {
	case <-started:
	case <-time.After(time.Minute):
		t.Fatal("the first load never reported progress")
	}
	began := time.Now()
	_, err := s.LoadWith(ctx, lynas(), graph.LoadOptions{})
	if graph.ErrorKind(err) != graph.Conflict || time.Since(began) > 2*time.Second {
		t.Errorf("a second load beside the first: %v after %s; want a Conflict at once", err, time.Since(began))
	}
	if err := <-first; err != nil {
		t.Fatalf("the first load: %v", err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Facilities != int64(len(big.Facilities)) {
		t.Errorf("after the loads: %+v, %v; want the first one's %d facilities", st, err, len(big.Facilities))
	}
}

// TestLoadWritesEveryRowOrNone: a merge whose flow names a facility the
// graph does not hold (one a concurrent replace removed after the import
// was checked) writes nothing and says so; it used to answer written,
// one flow added, and skip the flow.
func TestLoadWritesEveryRowOrNone(t *testing.T) {
	s, before := withLynas(t)
	ctx := context.Background()
	add := lynas()
	newFac := add.Facilities[0]
	newFac.ID, newFac.Name = "R3_NEW_FAC", "A new facility"
	gone := add.Flows[0]
	gone.From, gone.To = "R3_NEW_FAC", "REMOVED_BY_A_REPLACE"
	_, err := s.LoadWith(ctx, graph.Dataset{Facilities: []graph.Facility{newFac}, Flows: []graph.Flow{gone}}, graph.LoadOptions{})
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Kind != graph.Conflict {
		t.Fatalf("a flow to a missing facility: %v; want a Conflict", err)
	}
	after, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Facilities) != len(before.Facilities) || len(after.Flows) != len(before.Flows) {
		t.Errorf("the refused load wrote: %d → %d facilities, %d → %d flows", len(before.Facilities), len(after.Facilities), len(before.Flows), len(after.Flows))
	}
	// The same into an empty graph, where flows are created, not merged.
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = s.LoadWith(ctx, graph.Dataset{Countries: add.Countries, Facilities: []graph.Facility{newFac}, Flows: []graph.Flow{gone}}, graph.LoadOptions{})
	if graph.ErrorKind(err) != graph.Conflict {
		t.Errorf("a flow to a missing facility, into an empty graph: %v; want a Conflict", err)
	}
	if c := counts(t, s); c.Facilities != 0 {
		t.Errorf("the refused load into an empty graph wrote %d facilities", c.Facilities)
	}
}
