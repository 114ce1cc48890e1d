package analysis_test

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// Scale benchmarks: generated networks of 10k, 100k and 1M flows (one
// facility per five flows), the analyses in process. Run with
//
//	go test ./graph/analysis -run '^$' -bench Scale -benchtime 3x
//
// (the 1M size needs a few GB of memory and a minute to generate).
var scaleSizes = scaleFlows()

// cnjp is the scale benchmarks' scenario: Japan's Dy+Tb with China's
// exports of them to Japan stopped.
var cnjp = analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}}}}

func BenchmarkScale(b *testing.B) {
	jp := analysis.Destination{Kind: "country", Value: "JP"}
	for _, flows := range scaleSizes {
		ds := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
		b.Run(fmt.Sprintf("flows=%d/build", flows), func(b *testing.B) {
			benchProjection(b, func() *analysis.Projection { return analysis.Build(ds) })
		})
		// The first analysis of an element on a projection counts the
		// network in tonnes of it, once: timed here on its own, and done
		// before the analyses below, which time the answers that follow.
		b.Run(fmt.Sprintf("flows=%d/view-DyTb", flows), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				q := analysis.Build(ds)
				b.StartTimer()
				if err := analysis.CountElement(q, "DyTb"); err != nil {
					b.Fatal(err)
				}
			}
		})
		p := analysis.Build(ds)
		for _, el := range []string{"", "DyTb"} {
			if err := analysis.CountElement(p, el); err != nil {
				b.Fatal(err)
			}
		}
		// One maximum flow of the problem the chokepoints rank: the unit
		// their time is measured against.
		b.Run(fmt.Sprintf("flows=%d/maxflow", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := analysis.MaxFlowOf(p, jp); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/chokepoints", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Chokepoints(jp, analysis.Filter{}, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/exposure", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Exposure(jp, analysis.Filter{}, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The viewer's first request: the whole graph, at most 500 facilities.
		b.Run(fmt.Sprintf("flows=%d/subgraph-500", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Subgraph(analysis.SubgraphQuery{Depth: 2, Limit: 500}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/timeline-2023-2030", flows), func(b *testing.B) {
			q := analysis.TimelineQuery{To: "JP", Element: "DyTb", Start: "2023-01-01", End: "2030-12-31",
				Controls: []analysis.ControlSpec{{From: "CN", To: "JP", Elements: []string{"Dy", "Tb"}}}}
			for b.Loop() {
				if _, err := p.Timeline(q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/routes-k5", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Routes(jp, analysis.RoutesQuery{Filter: analysis.Filter{Avoid: []string{"CN"}}, K: 5}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/over-time-365d", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.RunScenarioOverTime(cnjp, analysis.Period{Start: "2026-01-06", Days: 365}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("flows=%d/scenario", flows), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.RunScenario(cnjp); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What the API adds to a scenario: its answer as JSON.
		b.Run(fmt.Sprintf("flows=%d/scenario-json", flows), func(b *testing.B) {
			res, err := p.RunScenario(cnjp)
			if err != nil {
				b.Fatal(err)
			}
			var size int
			for b.Loop() {
				out, err := json.Marshal(res)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			blocked, err := json.Marshal(res.Diff.BlockedFlows)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(size)/(1<<20), "MiB")
			b.ReportMetric(float64(len(blocked))/(1<<20), "MiB-blocked")
			b.ReportMetric(float64(len(res.Diff.BlockedFlows)), "blocked-flows")
		})
	}
}

// scaleFlows reads the sizes from CHOKEPOINT_BENCH_FLOWS (comma-separated),
// by default 10k, 100k, 500k and 1M flows.
func scaleFlows() []int {
	env := os.Getenv("CHOKEPOINT_BENCH_FLOWS")
	if env == "" {
		return []int{10_000, 100_000, 500_000, 1_000_000}
	}
	var out []int
	for s := range strings.SplitSeq(env, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// benchProjection times make and reports the heap the projection it makes
// keeps (after a GC), in MiB. The collections that measure the heap are
// not timed.
func benchProjection(b *testing.B, make func() *analysis.Projection) {
	b.Helper()
	var before, after runtime.MemStats
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		p := make()
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(p)
		b.StartTimer()
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-projection")
}

// BenchmarkRanges times the ranges: 1,000 samples of the de facto halt on
// the seed (Dy+Tb, every pass and the sensitivity), then per size of
// CHOKEPOINT_BENCH_FLOWS the scenario and the chokepoints with a few
// samples, reported per sample. Run with
//
//	CHOKEPOINT_BENCH_FLOWS=10000,100000 go test ./graph/analysis -run '^$' -bench Ranges -benchtime 1x
func BenchmarkRanges(b *testing.B) {
	ds, err := seed.Seed()
	if err != nil {
		b.Fatal(err)
	}
	p := analysis.Build(ds)
	halt := analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}, AsOf: "2026-12-01"}
	long := analysis.Uncertainty{Samples: 1000, Budget: 10 * time.Minute}
	b.Run("seed/scenario-point", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.RunScenario(halt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("seed/scenario-1000", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.RunScenarioWithRanges(halt, long); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("seed/chokepoints-1000", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.Chokepoints(jpDest, analysis.Filter{Element: "DyTb", Ranges: long}, 10); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, flows := range scaleSizes {
		ds := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
		p := analysis.Build(ds)
		few := analysis.Uncertainty{Samples: 8, Budget: 10 * time.Minute, Rank: 1}
		b.Run(fmt.Sprintf("flows=%d/scenario-8", flows), func(b *testing.B) {
			for b.Loop() {
				res, err := p.RunScenarioWithRanges(cnjp, few)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Ranges.TookMs/float64(res.Ranges.Samples), "ms/sample-totals")
			}
		})
		b.Run(fmt.Sprintf("flows=%d/chokepoints-8", flows), func(b *testing.B) {
			for b.Loop() {
				res, err := p.Chokepoints(jpDest, analysis.Filter{Element: "DyTb", Ranges: few}, 10)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(res.Ranges.TookMs/float64(res.Ranges.Samples), "ms/sample")
			}
		})
	}
}

var jpDest = analysis.Destination{Kind: "country", Value: "JP"}

// BenchmarkOverTime times a scenario over a year and the 2023–2030
// timeline: on the seed (the de facto halt on Japan, Dy+Tb), and on a
// generated network with a number of facilities coming online in the
// horizon, to show the cost per event. Run with
//
//	CHOKEPOINT_BENCH_FLOWS=100000 go test ./graph/analysis -run '^$' -bench OverTime -benchtime 3x
func BenchmarkOverTime(b *testing.B) {
	ds, err := seed.Seed()
	if err != nil {
		b.Fatal(err)
	}
	halt := analysis.Scenario{To: "JP", Element: "DyTb", Controls: []analysis.ControlSpec{{ID: "CN-2026-01-JP-DEFACTO"}}}
	p := analysis.Build(ds)
	b.Run("seed/over-time-365d", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.RunScenarioOverTime(halt, analysis.Period{Start: "2026-01-06", Days: 365}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("seed/timeline-2023-2030", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.Timeline(analysis.TimelineQuery{To: "JP", Element: "DyTb", Start: "2023-01-01", End: "2030-12-31"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, flows := range scaleSizes[:min(1, len(scaleSizes))] {
		for _, events := range []int{0, 10, 40} {
			g := seed.Generate(seed.GenerateOptions{Facilities: flows / 5, Flows: flows, Seed: 1})
			// events facilities (every 97th, not a destination) come online on
			// distinct days of the horizon.
			n := 0
			for i := range g.Facilities {
				if n == events {
					break
				}
				if f := &g.Facilities[i]; i%97 == 0 && f.Country != "JP" {
					f.OnlineDate = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 30*n).Format(time.DateOnly)
					n++
				}
			}
			gp := analysis.Build(g)
			b.Run(fmt.Sprintf("flows=%d/events=%d/over-time-365d", flows, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := gp.RunScenarioOverTime(cnjp, analysis.Period{Start: "2026-01-06", Days: 365}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("flows=%d/events=%d/timeline-2023-2030", flows, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := gp.Timeline(analysis.TimelineQuery{To: "JP", Element: "DyTb", Controls: cnjp.Controls, Start: "2023-01-01", End: "2030-12-31"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
