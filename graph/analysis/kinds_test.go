package analysis_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// TestOnlyRestrictionsStopFlows: a ban, a licence and a suspension stop
// the flows they cover; a framework (an agreement to cooperate), a quota
// (a production cap) and a lift (a measure easing others) stop none, and
// the assumptions say why.
func TestOnlyRestrictionsStopFlows(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		stops bool
	}{{"ban", true}, {"licence", true}, {"suspension", true}, {"", true}, {"framework", false}, {"quota", false}, {"lift", false}} {
		t.Run("kind="+tc.kind, func(t *testing.T) {
			ds := timeData(30)
			ds.Controls[0].Kind = tc.kind
			res, err := analysis.Build(ds).RunScenario(haltCN)
			if err != nil {
				t.Fatal(err)
			}
			stopped := len(res.Diff.BlockedFlows) > 0
			if stopped != tc.stops {
				t.Fatalf("a %q control stopped %d flows (lost %.1f t); want stopping: %v", tc.kind, len(res.Diff.BlockedFlows), res.Lost, tc.stops)
			}
			says := slices.ContainsFunc(res.Assumptions, func(a string) bool { return strings.Contains(a, "not a restriction") })
			if says == tc.stops {
				t.Errorf("assumptions %q: saying it is not a restriction is %v, want %v", res.Assumptions, says, !tc.stops)
			}
		})
	}
}
