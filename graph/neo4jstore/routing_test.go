package neo4jstore_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// TestRoutingScheme: the store works over neo4j://, the routing scheme a
// cluster or Aura needs (the driver asks the server for its routing table
// and sends reads to readers, writes to the leader); a Community server
// answers with itself. Loads, reads behind the commit lock, saved
// scenarios and the console all go through it.
func TestRoutingScheme(t *testing.T) {
	s := neo4jtest.Store(t)
	uri, user, pw := neo4jtest.Connection(t)
	routed, err := neo4jstore.Open(neo4jstore.Config{URI: "neo4j://" + strings.TrimPrefix(uri, "bolt://"), User: user, Password: pw,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer func() { _ = routed.Close(ctx) }()
	if err := routed.Verify(ctx); err != nil {
		t.Fatalf("verify over neo4j://: %v", err)
	}
	if _, err := routed.Load(ctx, lynas()); err != nil {
		t.Fatalf("load over neo4j://: %v", err)
	}
	if err := routed.SaveScenario(ctx, graph.Scenario{Name: "ban", To: "JP", Controls: []graph.ControlSpec{{ID: "CN-2026-001-JP"}}}); err != nil {
		t.Fatalf("save a scenario over neo4j://: %v", err)
	}
	// What one wrote the other reads: one database behind both schemes.
	got, err := s.Export(ctx)
	if err != nil || len(got.Facilities) != len(lynas().Facilities) {
		t.Errorf("over bolt:// after a load over neo4j://: %d facilities, %v", len(got.Facilities), err)
	}
	if names, err := s.Scenarios(ctx); err != nil || len(names) != 1 {
		t.Errorf("scenarios over bolt://: %v, %v", names, err)
	}
	if res, err := routed.Console(ctx, "MATCH (f:Facility) RETURN count(f) AS n", nil, limits); err != nil || len(res.Rows) != 1 {
		t.Errorf("console over neo4j://: %v, %v", res, err)
	}
}
