package neo4jstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
)

// TestScenarioSavedByTheOldFormatLoads writes a saved scenario as the
// store wrote them before it had a format of its own (the API's request
// body, marshalled, by the same Cypher), and reads it back through the
// store; a scenario saved now is written in format 2 and reads back equal.
func TestScenarioSavedByTheOldFormatLoads(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Store(t)
	uri, user, pw := neo4jtest.Connection(t)
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, pw, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = drv.Close(ctx) }()
	old := `{"name":"jp-ban","to":"JP","element":"DyTb","controls":[{"id":"CN-2026-001-JP"},` +
		`{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06","reExports":true}],` +
		`"outages":["LAMP"],"asOf":"2026-12-01"}`
	if _, err := neo4j.ExecuteQuery(ctx, drv, `MERGE (s:Scenario {name: $name}) SET s.spec = $spec, s.savedAt = datetime()`,
		map[string]any{"name": "jp-ban", "spec": old}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	want := graph.Scenario{Name: "jp-ban", To: "JP", Element: "DyTb",
		Controls: []graph.ControlSpec{{ID: "CN-2026-001-JP"},
			{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}, Effective: "2026-01-06", ReExports: true}},
		Outages: []string{"LAMP"}, AsOf: "2026-12-01"}
	got, err := s.Scenario(ctx, "jp-ban")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("old-format scenario (-want +got):\n%s", diff)
	}

	// Saved again, it is in format 4, and reads back the same.
	if err := s.SaveScenario(ctx, got); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Query(ctx, "scenario", map[string]any{"name": "jp-ban"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("scenario query: %v, %v", rows, err)
	}
	if spec, _ := rows[0]["spec"].(string); !strings.Contains(spec, `"format":4`) {
		t.Errorf("spec saved now = %s; want format 4", spec)
	}
	again, err := s.Scenario(ctx, "jp-ban")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, again); diff != "" {
		t.Errorf("format 4 scenario (-want +got):\n%s", diff)
	}
	if names, err := s.Scenarios(ctx); err != nil || !cmp.Equal(names, []string{"jp-ban"}) {
		t.Errorf("Scenarios = %v, %v", names, err)
	}
}
