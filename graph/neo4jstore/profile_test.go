package neo4jstore_test

// TestLoadPlans PROFILEs the loader's statements on the benchmark's small
// network (with element contents added, see withContents), batch by batch
// in one transaction, logs each statement's rows, time and db hits, and
// asserts that the CREATE path's statements plan no Eager operator (an
// Eager buffers every row of a batch before writing; the MERGE statements
// with SET += had them, see BENCHMARKS.md). By default it
// profiles the create set; CHOKEPOINT_PROFILE_LOAD names the sets to profile
// (upsert: neo4jstore.UpsertSteps on an empty graph, committed, then on the
// loaded graph; create: neo4jstore.CreateSteps on an empty graph) and
// CHOKEPOINT_PROFILE_REPEAT runs them several times (plans are logged in
// full on the last, warm, run):
//
//	CHOKEPOINT_PROFILE_LOAD=upsert,create CHOKEPOINT_PROFILE_REPEAT=3 \
//	  go test -count=1 -run TestLoadPlans -v ./graph/neo4jstore/

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestLoadPlans(t *testing.T) {
	sets := os.Getenv("CHOKEPOINT_PROFILE_LOAD")
	if sets == "" {
		sets = "create"
	}
	ctx := context.Background()
	s := neo4jtest.Store(t)
	ds := withContents(seed.Generate(benchSmall))
	drv := driver(t)
	lib := s.Library()
	verbose := false
	// eager lists, per statement, whether the plan of its first batch has
	// an Eager operator.
	eager := map[string]bool{}
	profile := func(title string, steps []neo4jstore.Step, commit bool) {
		session := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j", AccessMode: neo4j.AccessModeWrite})
		defer func() { _ = session.Close(ctx) }()
		tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(10*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		for _, st := range steps {
			q := lib.MustGet(st.Query)
			var took time.Duration
			var hits int64
			var first neo4j.ProfiledPlan
			for start := 0; start < len(st.Rows); start += 5000 {
				end := min(start+5000, len(st.Rows))
				t0 := time.Now()
				res, err := tx.Run(ctx, "PROFILE "+q.Text, map[string]any{"rows": st.Rows[start:end]})
				if err != nil {
					t.Fatalf("%s: %v", st.Query, err)
				}
				sum, err := res.Consume(ctx)
				if err != nil {
					t.Fatalf("%s: %v", st.Query, err)
				}
				took += time.Since(t0)
				hits += totalHits(sum.Profile())
				if first == nil {
					first = sum.Profile()
					eager[st.Query] = hasOperator(first, "Eager")
				}
			}
			var b strings.Builder
			if first != nil && verbose {
				writePlan(&b, first, 0)
			}
			t.Logf("%s: %s, %d rows, %v, %d db hits, Eager %v; plan of the first batch:\n%s", title, st.Query, len(st.Rows), took.Round(time.Millisecond), hits, eager[st.Query], b.String())
		}
		if commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v in all", title, time.Since(began).Round(time.Millisecond))
	}
	repeat, _ := strconv.Atoi(os.Getenv("CHOKEPOINT_PROFILE_REPEAT"))
	for i := range max(repeat, 1) {
		verbose = i == max(repeat, 1)-1
		for title := range strings.SplitSeq(sets, ",") {
			if err := s.Clear(ctx); err != nil {
				t.Fatal(err)
			}
			switch title {
			case "upsert": // the MERGE statements on an empty graph, then again on the loaded graph
				profile("upsert on empty", neo4jstore.UpsertSteps(ds), true)
				profile("upsert on loaded", neo4jstore.UpsertSteps(ds), false)
			case "create": // the CREATE statements on an empty graph
				profile("create on empty", neo4jstore.CreateSteps(ds), false)
				for _, q := range []string{"create_facilities", "create_flows", "create_contents"} {
					if e, ok := eager[q]; !ok || e {
						t.Errorf("%s: profiled %v, plans an Eager operator %v; want profiled, none", q, ok, e)
					}
				}
			default:
				t.Fatalf("CHOKEPOINT_PROFILE_LOAD: unknown set %q", title)
			}
		}
	}
}

// withContents adds element contents to a generated network: a default for
// every element of a material that has none, and for every tenth flow a
// flow-scoped content of its material's first element, so that the content
// statements are profiled on contents of every scope.
func withContents(ds graph.Dataset) graph.Dataset {
	has := map[string]bool{}
	for _, c := range ds.Contents {
		has[graph.ContentKey(c)] = true
	}
	add := func(c graph.Content) {
		if !has[graph.ContentKey(c)] {
			has[graph.ContentKey(c)] = true
			ds.Contents = append(ds.Contents, c)
		}
	}
	elements := map[string][]string{}
	for _, m := range ds.Materials {
		elements[m.Code] = m.Elements
		for _, e := range m.Elements {
			add(graph.Content{Material: m.Code, Element: e, Fraction: 0.5 / float64(len(m.Elements)),
				Provenance: graph.Provenance{Sources: []string{"https://example.org/content"}, AsOf: "2025-01-01", Confidence: "low"}})
		}
	}
	for i, f := range ds.Flows {
		if els := elements[f.Material]; i%10 == 0 && len(els) > 0 {
			add(graph.Content{Material: f.Material, Element: els[0], Fraction: 0.4, From: f.From, To: f.To})
		}
	}
	return ds
}

func hasOperator(p neo4j.ProfiledPlan, prefix string) bool {
	if p == nil {
		return false
	}
	if strings.HasPrefix(p.Operator(), prefix) {
		return true
	}
	for _, c := range p.Children() {
		if hasOperator(c, prefix) {
			return true
		}
	}
	return false
}

func totalHits(p neo4j.ProfiledPlan) int64 {
	if p == nil {
		return 0
	}
	n := p.DbHits()
	for _, c := range p.Children() {
		n += totalHits(c)
	}
	return n
}

func writePlan(b *strings.Builder, p neo4j.ProfiledPlan, depth int) {
	details, _ := p.Arguments()["Details"].(string)
	if len(details) > 70 {
		details = details[:70] + "…"
	}
	fmt.Fprintf(b, "%s%-34s rows=%-8d dbhits=%-9d %s\n", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits(), details)
	for _, c := range p.Children() {
		writePlan(b, c, depth+1)
	}
}
