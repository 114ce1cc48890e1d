package neo4jstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// TestAnalystQueriesOnTheSeed plans every query of the library, then runs
// the analyst queries unchanged (their header defaults as parameters, as
// cypher-shell users would set them) on the seed.
func TestAnalystQueriesOnTheSeed(t *testing.T) {
	store, _ := neo4jtest.Seeded(t)
	ctx := context.Background()
	if err := store.Verify(ctx); err != nil {
		t.Fatalf("a query of the library does not plan: %v", err)
	}

	// Routes to Japan avoiding China via Australia or Malaysia: the widest
	// runs Mount Weld → Kalgoorlie → Lynas Malaysia → JARE/Sojitz → a
	// Japanese magnet maker → an OEM.
	rows, err := store.Query(ctx, "routes", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("routes: no route to Japan avoiding China via AU/MY")
	}
	for _, r := range rows {
		route := fmt.Sprint(r["route"])
		if strings.Contains(route, "(CN)") || (!strings.Contains(route, "(AU)") && !strings.Contains(route, "(MY)")) {
			t.Errorf("route %s crosses China or neither Australia nor Malaysia", route)
		}
	}
	if best := fmt.Sprint(rows[0]["route"]); !strings.Contains(best, "MTW_MINE (AU)") || !strings.Contains(best, "LAMP (MY)") {
		t.Errorf("widest route = %s, want it through Mount Weld and Lynas Malaysia", best)
	}

	// Exposure of Japan: China dominates the metal tier.
	rows, err = store.Query(ctx, "exposure", nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r["tier"] == "Metal" {
			found = true
			countries, _ := r["countries"].([]any)
			top, _ := countries[0].(map[string]any)
			if top["country"] != "CN" {
				t.Errorf("Japan's metal tier is led by %v, want CN", top["country"])
			}
		}
	}
	if !found {
		t.Errorf("exposure has no Metal tier: %v", rows)
	}

	// The reported CN→JP halt (the query's default) stops flows carrying
	// Dy/Tb, not NdPr metal; the formal ban, military end users only,
	// stops none.
	rows, err = store.Query(ctx, "blocked_flows", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("blocked_flows: the CN→JP ban blocks nothing")
	}
	for _, r := range rows {
		if r["fromCountry"] != "CN" || r["toCountry"] != "JP" || r["material"] == "ndpr-metal" {
			t.Errorf("blocked flow %v is not a CN→JP flow carrying a controlled element", r)
		}
	}
	if rows, err := store.Query(ctx, "blocked_flows", map[string]any{"control": "CN-2026-001-JP"}); err != nil || len(rows) != 0 {
		t.Errorf("blocked_flows for the military-only ban: %d rows, %v; want none", len(rows), err)
	}
}
