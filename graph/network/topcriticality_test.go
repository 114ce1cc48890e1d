package network

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTopCriticalityMatchesFull compares the pruned top-N rankings with the
// full ones on random graphs: the same losses in the same order.
func TestTopCriticalityMatchesFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	checked := 0
	for trial := range 300 {
		nw, p := randomTopProblem(rng, 6+trial%9)
		base := nw.MaxFlow(p)
		if math.IsInf(base.Value, 1) || base.Value == 0 {
			continue
		}
		limit := 1 + trial%4
		full := nw.NodeCriticality(p)
		var want []float64
		for _, im := range full {
			if im.Lost > 0 && len(want) < limit {
				want = append(want, im.Lost)
			}
		}
		got := nw.TopNodeCriticality(p, base, limit)
		if len(got) != len(want) {
			t.Fatalf("trial %d: top %d nodes %v, full ranking %v", trial, limit, got, want)
		}
		for i := range got {
			if math.Abs(got[i].Lost-want[i]) > 1e-9 {
				t.Fatalf("trial %d: top[%d] loses %v, full ranking %v", trial, i, got[i].Lost, want[i])
			}
		}
		key := func(n Node) string { return n.Country }
		fullG := nw.GroupCriticality(p, key)
		topG := nw.TopGroupCriticality(p, base, key, limit)
		var wantG []float64
		for _, g := range fullG {
			if g.Lost > 0 && len(wantG) < limit {
				wantG = append(wantG, g.Lost)
			}
		}
		if len(topG) != len(wantG) {
			t.Fatalf("trial %d: top groups %v, full %v", trial, topG, wantG)
		}
		for i := range topG {
			if math.Abs(topG[i].Lost-wantG[i]) > 1e-9 {
				t.Fatalf("trial %d: top group[%d] loses %v, full %v", trial, i, topG[i].Lost, wantG[i])
			}
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d graphs with a positive flow", checked)
	}
}

func randomTopProblem(rng *rand.Rand, nodes int) (*Network, Problem) {
	countries := []string{"CN", "AU", "MY", "JP"}
	ns := make([]Node, nodes)
	for i := range ns {
		ns[i] = Node{ID: string(rune('A' + i)), Country: countries[rng.IntN(len(countries))]}
		if rng.IntN(3) == 0 {
			ns[i].Capacity = float64(1 + rng.IntN(9))
		}
	}
	var es []Edge
	for i := range nodes {
		for j := i + 1; j < nodes; j++ {
			if rng.Float64() < 0.35 {
				es = append(es, Edge{From: i, To: j, Tonnes: float64(rng.IntN(10))})
			}
		}
	}
	nw := New(ns, es)
	return nw, Problem{Sources: []int{0, 1}, Sinks: []int{nodes - 1, nodes - 2}, Mask: nw.NewMask(), NodeCapacities: rng.IntN(2) == 0}
}
