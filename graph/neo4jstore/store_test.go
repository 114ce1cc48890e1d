package neo4jstore_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestMain(m *testing.M) { neo4jtest.Main(m, "FuzzConsoleGuard") }

func prov(src string) graph.Provenance {
	return graph.Provenance{Sources: []string{src}, AsOf: "2025-06-01", Confidence: "high"}
}

// lynas is a small, real slice of the network: Mount Weld to Japan. Mount
// Weld's capacity and both flows carry bounds, one of them only a high one;
// so do two contents, one of them only a low one. Lynas Malaysia has an
// online date and a ramp, Mount Weld a stock; Japan has two stockpiles and
// JARE a demand.
func lynas() graph.Dataset {
	return graph.Dataset{
		Countries: []graph.Country{{Code: "AU", Name: "Australia"}, {Code: "MY", Name: "Malaysia"}, {Code: "JP", Name: "Japan"}},
		Materials: []graph.Material{
			{Code: "mixed-concentrate", Name: "Mixed RE concentrate", Stage: "ore", Elements: []string{"Ce", "La", "Nd", "Pr"}, Provenance: prov("https://example.org/m")},
			{Code: "ndpr-oxide", Name: "NdPr oxide", Stage: "oxide", Elements: []string{"Nd", "Pr"}, Provenance: prov("https://example.org/m")},
		},
		Facilities: []graph.Facility{
			{ID: "MTW_MINE", Name: "Mount Weld", Tier: graph.Mine, Company: "Lynas Rare Earths", Country: "AU", Lat: new(-28.86), Lon: new(122.54778),
				Capacity: new(float64(12000)), CapacityLow: new(float64(8400)), CapacityHigh: new(12000.5), CapacityUnit: "t REO/yr", CapacityBasis: "design", Status: "operating", StockDays: new(45.0), Provenance: prov("https://en.wikipedia.org/wiki/Mount_Weld")},
			{ID: "LAMP", Name: "Lynas Malaysia", Tier: graph.Separation, Company: "Lynas Rare Earths", Country: "MY", Lat: new(3.97), Lon: new(103.38), LocationApproximate: true,
				LocationNote: "in the Gebeng Industrial Estate; the lot is not located", Status: "operating", OnlineDate: "2012-11-01", RampMonths: 24, Provenance: prov("https://example.org/lamp")},
			{ID: "JARE_SOJITZ", Name: "JARE / Sojitz", Tier: graph.Trader, Company: "Sojitz", Country: "JP", Status: "operating", Aggregate: false, Provenance: prov("https://example.org/jare")},
		},
		Flows: []graph.Flow{
			{From: "MTW_MINE", To: "LAMP", Material: "mixed-concentrate", TonnesPerYear: new(float64(20000)), TonnesLow: new(float64(15000)), TonnesHigh: new(float64(26000)), Basis: "estimated", Provenance: prov("https://example.org/f1")},
			{From: "LAMP", To: "JARE_SOJITZ", Material: "ndpr-oxide", TonnesPerYear: new(float64(5000)), TonnesHigh: new(float64(5250)), Basis: "contract", ValidFrom: "2023-03-01", Provenance: prov("https://example.org/f2")},
		},
		// The materials' defaults, Mount Weld's concentrate as it ships it
		// (scoped to a facility) and the oxide of one flow (scoped to it).
		Contents: []graph.Content{
			{Material: "mixed-concentrate", Element: "Ce", Fraction: 0.19, Provenance: prov("https://example.org/c")},
			{Material: "mixed-concentrate", Element: "La", Fraction: 0.1, Provenance: prov("https://example.org/c")},
			{Material: "mixed-concentrate", Element: "Nd", Fraction: 0.08, Provenance: prov("https://example.org/c")},
			{Material: "mixed-concentrate", Element: "Pr", Fraction: 0.025, Provenance: prov("https://example.org/c")},
			{Material: "mixed-concentrate", Element: "Nd", Fraction: 0.094, FractionLow: new(0.085), FractionHigh: new(0.1025), From: "MTW_MINE", Notes: "Mount Weld's CLD ore is NdPr-rich", Provenance: prov("https://example.org/mtw")},
			{Material: "mixed-concentrate", Element: "Pr", Fraction: 0.027, From: "MTW_MINE", Provenance: prov("https://example.org/mtw")},
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.643, Provenance: prov("https://example.org/c")},
			{Material: "ndpr-oxide", Element: "Pr", Fraction: 0.214, FractionLow: new(0.2), Provenance: prov("https://example.org/c")},
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.62, From: "LAMP", To: "JARE_SOJITZ", Notes: "contract grade", Provenance: prov("https://example.org/f2")},
			{Material: "ndpr-oxide", Element: "Pr", Fraction: 0.237, From: "LAMP", To: "JARE_SOJITZ", Provenance: prov("https://example.org/f2")},
		},
		Stockpiles: []graph.Stockpile{
			{Country: "JP", Element: "REE", Days: 60, Notes: "the target; levels are secret", Provenance: prov("https://example.org/jogmec")},
			{Country: "JP", Element: "Dy", Days: 180, Provenance: prov("https://example.org/jogmec")},
		},
		Demands: []graph.Demand{{Facility: "JARE_SOJITZ", Element: "NdPr", TonnesPerYear: 4200.5, Notes: "priority supply", Provenance: prov("https://example.org/f2")}},
	}
}

func TestHealth(t *testing.T) {
	s := neo4jtest.Store(t)
	h, err := s.Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.Version, "5.26") || h.Edition != "community" || h.Database != "neo4j" {
		t.Errorf("health = %+v, want Neo4j 5.26 community, database neo4j", h)
	}
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	want := neo4jstore.Counts{Facilities: 3, Flows: 2, Countries: 3, Materials: 2, LocatedIn: 3, Contents: 10, Elements: 4,
		Stockpiles: 2, Demands: 1, Holds: 2, Needs: 1}
	for i := range 2 {
		if _, err := s.Load(ctx, lynas()); err != nil {
			t.Fatalf("load %d: %v", i+1, err)
		}
		got, err := s.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("after load %d: counts = %+v, want %+v", i+1, got, want)
		}
	}
}

func TestFacilityRoundTrip(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	ds := lynas()
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, want := range ds.Facilities {
		got, err := s.Facility(ctx, want.ID)
		if err != nil {
			t.Fatalf("facility %s: %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("facility %s (-loaded +read):\n%s", want.ID, diff)
		}
	}
	_, err := s.Facility(ctx, "NO_SUCH")
	if graph.ErrorKind(err) != graph.NotFound {
		t.Errorf("missing facility: err = %v, want a NotFound error", err)
	}
}

func TestReloadMovesTierAndCountry(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	ds := lynas()
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	ds.Facilities[1].Tier = graph.Refinery
	ds.Facilities[1].Country = "AU"
	if _, err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	got, err := s.Facility(ctx, "LAMP")
	if err != nil {
		t.Fatal(err)
	}
	if got.Tier != graph.Refinery || got.Country != "AU" {
		t.Errorf("LAMP after reload: tier %s country %s, want Refinery AU", got.Tier, got.Country)
	}
	list, _, err := s.Facilities(ctx, graph.FacilityFilter{Tier: graph.Separation})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Errorf("Separation facilities after the move: %d, want 0 (old label left behind)", len(list))
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.LocatedIn != 3 {
		t.Errorf("LOCATED_IN links = %d, want 3 (old country link left behind)", c.LocatedIn)
	}
}

func TestLoadIsAllOrNothing(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	ds := lynas()
	// The last facility cannot be written (no tier label): the load must
	// fail and leave nothing behind, not the rows before it.
	ds.Facilities[2].Tier = ""
	if _, err := s.Load(ctx, ds); err == nil {
		t.Fatal("load with an invalid row succeeded")
	}
	c, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != (neo4jstore.Counts{}) {
		t.Errorf("after a failed load the graph holds %+v, want nothing", c)
	}
}

func TestFacilitiesFilterAndPage(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	if _, err := s.Load(ctx, lynas()); err != nil {
		t.Fatal(err)
	}
	ids := func(list []graph.Facility) []string {
		out := make([]string, len(list))
		for i, f := range list {
			out[i] = f.ID
		}
		return out
	}
	tests := []struct {
		name   string
		filter graph.FacilityFilter
		want   []string
		next   string
	}{
		{"all", graph.FacilityFilter{}, []string{"JARE_SOJITZ", "LAMP", "MTW_MINE"}, ""},
		{"tier", graph.FacilityFilter{Tier: graph.Mine}, []string{"MTW_MINE"}, ""},
		{"country", graph.FacilityFilter{Country: "MY"}, []string{"LAMP"}, ""},
		{"company any case", graph.FacilityFilter{Company: "lynas"}, []string{"LAMP", "MTW_MINE"}, ""},
		{"text", graph.FacilityFilter{Query: "weld"}, []string{"MTW_MINE"}, ""},
		{"first page", graph.FacilityFilter{Limit: 2}, []string{"JARE_SOJITZ", "LAMP"}, "LAMP"},
		{"second page", graph.FacilityFilter{Limit: 2, After: "LAMP"}, []string{"MTW_MINE"}, ""},
		{"nothing", graph.FacilityFilter{Country: "US"}, []string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, next, err := s.Facilities(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(list)); diff != "" || next != tt.next {
				t.Errorf("ids (-want +got):\n%s next = %q, want %q", diff, next, tt.next)
			}
		})
	}
}

// TestExportOrdersFlows loads a generated network with its facilities and
// flows reversed (more facilities than one row of export_facilities holds,
// hundreds of shippers, and pairs of facilities linked by more than one
// material) and checks that Export returns each facility and flow once, in
// the canonical order: facilities by id, flows by from, to, then material.
func TestExportOrdersFlows(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	ds := seed.Generate(seed.GenerateOptions{Facilities: 2500, Flows: 6000, Seed: 1})
	key := func(f graph.Flow) string { return f.From + " " + f.To + " " + f.Material }
	var want, wantIDs []string
	for _, f := range ds.Flows {
		want = append(want, key(f))
	}
	for _, f := range ds.Facilities {
		wantIDs = append(wantIDs, f.ID)
	}
	slices.Sort(want)
	slices.Sort(wantIDs)
	slices.Reverse(ds.Flows)
	slices.Reverse(ds.Facilities)
	if _, err := s.LoadWith(ctx, ds, neo4jstore.LoadOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys, ids []string
	for _, f := range got.Flows {
		keys = append(keys, key(f))
	}
	for _, f := range got.Facilities {
		ids = append(ids, f.ID)
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("exported facilities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("exported flows (-want +got):\n%s", diff)
	}
}

// TestExportSmallGraphs exports graphs of two and three facilities, as
// few as the flows' parts, and checks each flow comes back once.
func TestExportSmallGraphs(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	two := lynas()
	two.Facilities, two.Flows, two.Demands, two.Contents = two.Facilities[:2], two.Flows[:1], nil, nil
	for _, ds := range []graph.Dataset{two, lynas()} {
		if _, err := s.LoadWith(ctx, ds, neo4jstore.LoadOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Facilities) != len(ds.Facilities) || len(got.Flows) != len(ds.Flows) {
			t.Errorf("%d facilities, %d flows loaded: exported %d facilities, %d flows", len(ds.Facilities), len(ds.Flows), len(got.Facilities), len(got.Flows))
		}
	}
}

// TestFingerprintOfDataset checks that the fingerprint computed from a
// dataset is the server's for the graph it loads (the seed, a generated
// network, an empty graph), and that it tells a different dataset apart.
func TestFingerprintOfDataset(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	sd, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	gen := seed.Generate(seed.GenerateOptions{Facilities: 200, Flows: 1000, Seed: 3})
	for _, c := range []struct {
		name string
		ds   graph.Dataset
	}{{"seed", sd}, {"generated", gen}, {"lynas", lynas()}} {
		if _, err := s.LoadWith(ctx, c.ds, neo4jstore.LoadOptions{Replace: true}); err != nil {
			t.Fatal(err)
		}
		fp, err := s.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !neo4jstore.Describes(fp, c.ds) {
			t.Errorf("%s: the server's fingerprint %q is not the dataset's %v", c.name, fp, neo4jstore.FingerprintOf(c.ds))
		}
		other := c.ds
		other.Flows = other.Flows[1:]
		if neo4jstore.Describes(fp, other) {
			t.Errorf("%s: the fingerprint describes the dataset without its first flow too", c.name)
		}
	}
}

// TestImportKnowsTheGraphItMakes checks that what an import says the graph
// holds after it (ImportResult.Graph) is what an export reads back, and that
// the graph's fingerprint describes it: a replace by a generated network,
// then a merge of the seed into it.
func TestImportKnowsTheGraphItMakes(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	sd, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	gen := seed.Generate(seed.GenerateOptions{Facilities: 200, Flows: 1000, Seed: 5})
	for _, c := range []struct {
		name    string
		ds      graph.Dataset
		replace bool
	}{{"replace by a generated network", gen, true}, {"merge the seed", sd, false}} {
		var zip bytes.Buffer
		if err := seed.WriteZip(&zip, c.ds); err != nil {
			t.Fatal(err)
		}
		res, err := seed.Import(ctx, s, []seed.File{{Name: "data.zip", Data: zip.Bytes()}}, seed.ImportOptions{Replace: c.replace})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Graph == nil {
			t.Fatalf("%s: written, but no graph in the result", c.name)
		}
		got, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(got, *res.Graph); d != "" {
			t.Errorf("%s: the export differs from what the import says the graph holds (-export +import):\n%s", c.name, d)
		}
		fp, err := s.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !neo4jstore.Describes(fp, *res.Graph) {
			t.Errorf("%s: the fingerprint %q does not describe the import's graph", c.name, fp)
		}
	}
}

// TestFingerprintSeesEveryCommit checks the shortcut Fingerprint takes:
// asked again with no commit since, it does not count the graph again; after
// a commit by another client (a hand edit in another driver, which no
// generation counts), it does, and sees the change.
func TestFingerprintSeesEveryCommit(t *testing.T) {
	s := neo4jtest.Store(t)
	ctx := context.Background()
	if _, err := s.LoadWith(ctx, lynas(), neo4jstore.LoadOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	uri, user, password := neo4jtest.Connection(t)
	var counts atomic.Int32
	watched, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: user, Password: password, OnQuery: func(name string, _ time.Duration) {
		if name == "fingerprint" {
			counts.Add(1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = watched.Close(ctx) })
	first, err := watched.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := watched.Fingerprint(ctx)
	if err != nil || again != first || counts.Load() != 1 {
		t.Fatalf("asked twice with no commit between: %q then %q (%v), the graph counted %d times, want once", first, again, err, counts.Load())
	}
	// A hand edit the fingerprint counts, through a driver of its own.
	drv := driver(t)
	if _, err := neo4j.ExecuteQuery(ctx, drv, "MATCH (f:Facility) WITH f LIMIT 1 SET f.capacity = coalesce(f.capacity, 0) + 1", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j")); err != nil {
		t.Fatal(err)
	}
	edited, err := watched.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if edited == first || counts.Load() != 2 {
		t.Errorf("after a hand edit: fingerprint %q (before %q), the graph counted %d times, want twice", edited, first, counts.Load())
	}
}
