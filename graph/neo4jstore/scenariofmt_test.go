package neo4jstore

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// formatOne is what the server saved before the store had a format of its
// own: json.Marshal of the API's scenario, name included, no "format".
const formatOne = `{"name":"jp-ban","to":"JP","element":"DyTb","controls":[{"id":"CN-2026-001-JP"},` +
	`{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06","reExports":true}],` +
	`"outages":["LAMP"],"asOf":"2026-12-01"}`

var jpBan = graph.Scenario{Name: "jp-ban", To: "JP", Element: "DyTb",
	Controls: []graph.ControlSpec{{ID: "CN-2026-001-JP"},
		{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}, Effective: "2026-01-06", ReExports: true}},
	Outages: []string{"LAMP"}, AsOf: "2026-12-01"}

func TestScenarioFormatOneStillReads(t *testing.T) {
	got, err := decodeScenario("jp-ban", formatOne)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jpBan, got); diff != "" {
		t.Errorf("format 1 (-want +got):\n%s", diff)
	}
}

// formatTwo is what the store saved until scenarios could avoid countries.
const formatTwo = `{"format":2,"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-001-JP"},` +
	`{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06","reExports":true}],` +
	`"outages":["LAMP"],"asOf":"2026-12-01"}`

func TestScenarioFormatTwoStillReads(t *testing.T) {
	got, err := decodeScenario("jp-ban", formatTwo)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jpBan, got); diff != "" {
		t.Errorf("format 2 (-want +got):\n%s", diff)
	}
}

// formatThree is what the store saved until scenarios ran over time.
const formatThree = `{"format":3,"to":"JP","element":"DyTb","controls":[{"id":"CN-2026-001-JP"},` +
	`{"from":"CN","to":"JP","elements":["Dy","Tb"],"effective":"2026-01-06","reExports":true}],` +
	`"outages":["LAMP"],"avoid":["MM"],"asOf":"2026-12-01"}`

func TestScenarioFormatThreeStillReads(t *testing.T) {
	got, err := decodeScenario("jp-ban", formatThree)
	if err != nil {
		t.Fatal(err)
	}
	want := jpBan
	want.Avoid = []string{"MM"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("format 3 (-want +got):\n%s", diff)
	}
}

func TestScenarioRoundTrip(t *testing.T) {
	avoiding := jpBan
	avoiding.Avoid = []string{"MM", "company:Lynas"}
	avoiding.Start, avoiding.DurationDays = "2026-01-06", 90
	spec, err := encodeScenario(avoiding)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(spec, `"format":4`) || strings.Contains(spec, `"name"`) || !strings.Contains(spec, `"avoid":["MM","company:Lynas"]`) ||
		!strings.Contains(spec, `"start":"2026-01-06","durationDays":90`) {
		t.Errorf("stored spec %s: want format 4, the avoided, the period and no name", spec)
	}
	for _, name := range []string{"jp-ban", "renamed"} {
		got, err := decodeScenario(name, spec)
		if err != nil {
			t.Fatal(err)
		}
		want := avoiding
		want.Name = name
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round trip as %q (-want +got):\n%s", name, diff)
		}
	}
}

func TestScenarioFormatErrors(t *testing.T) {
	for spec, want := range map[string]string{
		`{"format":5,"to":"JP"}`:            `saved scenario "x" is in format 5; this build reads formats 1 to 4`,
		`{"format":3,"start":"2026-01-06"}`: `saved scenario "x" does not read as format 3`,
		`{"format":2,"avoid":["CN"]}`:       `saved scenario "x" does not read as format 2`,
		`{"to":"JP","remove":["LAMP"]}`:     `saved scenario "x" does not read as format 1`,
		`{"format":2,"name":"x"}`:           `saved scenario "x" does not read as format 2`,
		`not json`:                          `saved scenario "x" is not JSON`,
	} {
		_, err := decodeScenario("x", spec)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("decode %s: %v; want an error containing %q", spec, err, want)
		}
	}
}
