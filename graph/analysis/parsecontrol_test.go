package analysis_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

func TestParseControl(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want analysis.ControlSpec
		ok   bool
	}{
		{"CN-2026-01-JP-DEFACTO", analysis.ControlSpec{ID: "CN-2026-01-JP-DEFACTO"}, true},
		{"CN>JP>Dy+Tb", analysis.ControlSpec{ID: "ad-hoc-3", From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}}, true},
		{"CN>*>Dy Tb", analysis.ControlSpec{ID: "ad-hoc-3", From: "CN", To: "*", Elements: []string{"Dy", "Tb"}}, true},
		{"CN>JP", analysis.ControlSpec{}, false},
		{"CN>>Dy", analysis.ControlSpec{}, false},
		{"CN>JP>Dy>Tb", analysis.ControlSpec{}, false},
	} {
		got, ok := analysis.ParseControl(tt.in, 3)
		if ok != tt.ok || cmp.Diff(tt.want, got) != "" {
			t.Errorf("ParseControl(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
