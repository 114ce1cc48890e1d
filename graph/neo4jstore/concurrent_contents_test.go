package neo4jstore_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// TestConcurrentMergesKeepOneContentPerKey merges the same contents from
// several loads at once onto a graph that holds them, without their
// materials (which a load would otherwise lock): no two edges of one key
// may come out of it. (A merge that deleted and recreated the contents
// instead of MERGE, to avoid MERGE's scan, left three times too many.)
// One store runs one load at a time; the loads here come from eight
// stores, as from eight replicas sharing the database.
func TestConcurrentMergesKeepOneContentPerKey(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := lynas()
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	want := export(t, s)
	uri, user, pw := neo4jtest.Connection(t)
	// Contents alone: the loads do not write (hence lock) the materials.
	only := graph.Dataset{Contents: ds.Contents}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 8 {
		replica, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: pw, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = replica.Close(ctx) })
		wg.Go(func() {
			for range 5 {
				if _, err := replica.Load(ctx, only); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent load: %v", err)
	}
	if c := counts(t, s); c.Contents != int64(len(ds.Contents)) {
		t.Errorf("after concurrent merges the graph holds %d contents, want %d", c.Contents, len(ds.Contents))
	}
	if got := export(t, s); len(got.Contents) != len(want.Contents) {
		t.Errorf("exported %d contents, want %d", len(got.Contents), len(want.Contents))
	}
}
