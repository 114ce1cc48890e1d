package analysis_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// The analysis cases are the reproductions of findings against the
// documented semantics (testdata/cases, from shared/reproductions with
// element contents added: every synthetic material holds 0.25 t of each of
// Nd, Pr, Dy and Tb per t, so a flow of 10 t carries 5 t of Nd+Pr).
func caseProjection(t *testing.T, name string) *analysis.Projection {
	t.Helper()
	path := filepath.Join("testdata", "cases", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	ds, err := seed.ReadJSON(name, f, seed.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return analysis.Build(ds)
}

var jp = analysis.Destination{Kind: "country", Value: "JP"}

// A country destination is its OEMs: one with none is a NotFound error
// that says so (it used to use every facility of the country).
func TestCountryWithoutOEM(t *testing.T) {
	p := caseProjection(t, "e10_country_without_oem.json")
	_, err := p.Chokepoints(jp, analysis.Filter{}, 10)
	if graph.ErrorKind(err) != graph.NotFound || !strings.Contains(err.Error(), "no OEM") {
		t.Fatalf("chokepoints for JP without OEMs: %v, want a not-found error saying it has no OEM", err)
	}
}

// A capacity of 0 means zero, not unbounded; a capacity in a material's
// tonnes bounds the element by its content (6 t of syn-metal hold 3 t of
// Nd+Pr, below the 5 t the flows carry).
func TestCapacityUnits(t *testing.T) {
	for _, c := range []struct {
		file string
		want float64
	}{
		{"e6c_capacity_zero_tonnes.json", 0},
		{"e6d_capacity_unit_material.json", 3},
	} {
		p := caseProjection(t, c.file)
		res, err := p.Chokepoints(jp, analysis.Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.MaxFlow != c.want || res.Unit != "t Nd+Pr/yr" {
			t.Errorf("%s: max flow %v %s, want %v t Nd+Pr/yr", c.file, res.MaxFlow, res.Unit, c.want)
		}
	}
}

// affected and cutOff mean the same at every size: with 50 or 51 OEMs,
// losing mine M2 leaves every OEM its own 10 t route (5 t Nd+Pr), so none
// is affected or cut off; only the joint total falls.
func TestAffectedSameAtEverySize(t *testing.T) {
	for _, file := range []string{"e12_affected_definition_50_oems.json", "e12_affected_definition_51_oems.json"} {
		p := caseProjection(t, file)
		res, err := p.RunScenario(analysis.Scenario{To: "JP", Outages: []string{"M2"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Affected) != 0 || len(res.CutOff) != 0 {
			t.Errorf("%s: affected %+v, cut off %+v; want none", file, res.Affected, res.CutOff)
		}
		if res.Before.Joint != 7.5 || res.After.Joint != 5 {
			t.Errorf("%s: joint %v → %v t Nd+Pr, want 7.5 → 5", file, res.Before.Joint, res.After.Joint)
		}
	}
}

// An element is asked for by symbol or group; anything else names the
// element field.
func TestElementParameter(t *testing.T) {
	p := caseProjection(t, "e6d_capacity_unit_material.json")
	for _, c := range []struct {
		element, unit string
		want          float64
	}{{"", "t Nd+Pr/yr", 3}, {"Dy", "t Dy/yr", 1.5}, {"DyTb", "t Dy+Tb/yr", 3}, {"Nd", "t Nd/yr", 1.5}, {"REE", "t REE/yr", 6}} {
		res, err := p.Chokepoints(jp, analysis.Filter{Element: c.element}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.Unit != c.unit || res.MaxFlow != c.want {
			t.Errorf("element %q: %v %s, want %v %s", c.element, res.MaxFlow, res.Unit, c.want, c.unit)
		}
	}
	_, err := p.Chokepoints(jp, analysis.Filter{Element: "Xx"}, 10)
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Kind != graph.Invalid || len(ge.Fields) != 1 || ge.Fields[0].Field != "element" {
		t.Fatalf("element Xx: %v, want an invalid error on the element field", err)
	}
	_, err = p.Chokepoints(jp, analysis.Filter{Material: "Dy"}, 10)
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "element=Dy") {
		t.Fatalf("material Dy: %v, want an error pointing to element=Dy", err)
	}
}
