package analysis_test

import (
	"context"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// datasetSource serves one dataset, as a store that never changes would.
type datasetSource struct{ ds graph.Dataset }

func (s datasetSource) Export(context.Context) (graph.Dataset, error) { return s.ds, nil }
func (s datasetSource) Fingerprint(context.Context) (string, error)   { return "one", nil }

// TestAnalysesStopWithTheirRequest: an analysis whose context ends stops
// computing (its ranking loops ask between rounds) and says so, instead of
// running on for the whole ranking (four abandoned requests ran about 60 s
// of CPU on 100k flows).
func TestAnalysesStopWithTheirRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100k-flow network")
	}
	az := analysis.New(datasetSource{seed.Generate(seed.GenerateOptions{Facilities: 20000, Flows: 100000, Seed: 1})})
	ctx := context.Background()
	if _, err := az.Projection(ctx); err != nil {
		t.Fatal(err)
	}
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	began := time.Now()
	if _, err := az.Chokepoints(ctx, jp, analysis.Filter{}, 50); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(began)
	short, cancel := context.WithTimeout(ctx, whole/20)
	defer cancel()
	began = time.Now()
	_, err := az.Chokepoints(short, jp, analysis.Filter{}, 50)
	stopped := time.Since(began)
	t.Logf("chokepoints: %s whole, %s with a deadline of %s", whole.Round(time.Millisecond), stopped.Round(time.Millisecond), (whole / 20).Round(time.Millisecond))
	if graph.ErrorKind(err) != graph.TooCostly {
		t.Errorf("past its deadline: %v; want too costly", err)
	}
	if stopped > whole/2 {
		t.Errorf("past a deadline of %s the ranking ran %s (%s whole): it did not stop", whole/20, stopped, whole)
	}
	sc := analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}}}}
	done, cancelNow := context.WithCancel(ctx)
	cancelNow()
	if _, err := az.RunScenario(done, sc); graph.ErrorKind(err) != graph.TooCostly {
		t.Errorf("a scenario whose client went away: %v; want too costly", err)
	}
}
