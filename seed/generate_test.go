package seed_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// roundTrip writes ds as CSV files and reads them back with the validating
// reader.
func roundTrip(t *testing.T, ds graph.Dataset) graph.Dataset {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range seed.FileNames {
		var buf bytes.Buffer
		if err := seed.WriteCSV(&buf, name, ds); err != nil {
			t.Fatalf("write %s: %v", name, err)
		}
		fsys[name] = &fstest.MapFile{Data: buf.Bytes()}
	}
	back, err := seed.Read(fsys, seed.Options{})
	if err != nil {
		if inv, ok := errors.AsType[*seed.InvalidError](err); ok {
			t.Fatalf("the generated dataset is invalid: %v", inv)
		}
		t.Fatalf("read back: %v", err)
	}
	return back
}

// rank is the tier order of FORMAT.md, written out again here so that the
// test does not trust the code it tests.
var rank = map[graph.Tier]int{
	graph.Mine: 0, graph.Separation: 1, graph.Refinery: 1, graph.Metal: 2,
	graph.Alloy: 3, graph.Magnet: 4, graph.OEM: 5,
}

// outOf is what each tier may send, for tiers whose output does not depend
// on the target.
var outOf = map[graph.Tier][]string{
	graph.Mine:       {"mixed-concentrate", "monazite"},
	graph.Separation: {"ndpr-oxide", "dytb-oxide", "separated-re-oxides"},
	graph.Refinery:   {"ndpr-oxide", "dytb-oxide", "mrec"},
	graph.Metal:      {"ndpr-metal", "dytb-metal", "sm-metal"},
	graph.Alloy:      {"ndfeb-alloy"},
	graph.Magnet:     {"ndfeb-sintered-magnet", "ndfeb-bonded-magnet", "smco-magnet", "magnet-scrap"},
	graph.OEM:        {"ndfeb-sintered-magnet", "magnet-scrap"},
}

var prefix = map[graph.Tier]string{
	graph.Mine: "MIN", graph.Separation: "SEP", graph.Refinery: "REF", graph.Metal: "MET", graph.Alloy: "ALY",
	graph.Magnet: "MAG", graph.OEM: "OEM", graph.Trader: "TRD", graph.Recycler: "REC",
}

var idRe = regexp.MustCompile(`^GEN_([A-Z]{3})_[0-9]{6,}$`)

// checkInvariants checks what every generated dataset must be, beyond what
// the reader validates.
func checkInvariants(t *testing.T, ds graph.Dataset, opts seed.GenerateOptions) {
	t.Helper()
	source := fmt.Sprintf("synthetic:chokepoint generate seed=%d", opts.Seed)
	checkProv := func(what string, p graph.Provenance) {
		if !slices.Equal(p.Sources, []string{source}) || p.AsOf != seed.GeneratedAsOf || p.Confidence != "low" {
			t.Fatalf("%s: provenance %+v, want sources [%s], as_of %s, confidence low", what, p, source, seed.GeneratedAsOf)
		}
	}
	tier := map[string]graph.Tier{}
	countries := map[string]bool{}
	for _, f := range ds.Facilities {
		m := idRe.FindStringSubmatch(f.ID)
		if m == nil || m[1] != prefix[f.Tier] {
			t.Fatalf("facility %s of tier %s: id is not GEN_%s_nnnnnn", f.ID, f.Tier, prefix[f.Tier])
		}
		if _, dup := tier[f.ID]; dup {
			t.Fatalf("duplicate facility %s", f.ID)
		}
		tier[f.ID] = f.Tier
		countries[f.Country] = true
		checkProv(f.ID, f.Provenance)
		if f.Capacity != nil && (*f.Capacity <= 0 || f.CapacityBasis != "estimated") {
			t.Fatalf("facility %s: capacity %v (%s)", f.ID, *f.Capacity, f.CapacityBasis)
		}
	}
	type key struct{ from, to, material string }
	seen := map[key]bool{}
	materials := map[string]bool{}
	for _, f := range ds.Flows {
		what := f.From + "->" + f.To + " " + f.Material
		from, to := tier[f.From], tier[f.To]
		if from == "" || to == "" {
			t.Fatalf("flow %s: unknown facility", what)
		}
		if f.From == f.To {
			t.Fatalf("flow %s: self-loop", what)
		}
		if seen[key{f.From, f.To, f.Material}] {
			t.Fatalf("flow %s: duplicate", what)
		}
		seen[key{f.From, f.To, f.Material}] = true
		rf, chainFrom := rank[from]
		rt, chainTo := rank[to]
		if chainFrom && chainTo && rt < rf {
			t.Fatalf("flow %s: goes up the chain from %s to %s", what, from, to)
		}
		if allowed, ok := outOf[from]; ok && !slices.Contains(allowed, f.Material) {
			t.Fatalf("flow %s: a %s does not send %s", what, from, f.Material)
		}
		if f.Material == "magnet-scrap" && to != graph.Recycler {
			t.Fatalf("flow %s: scrap goes to recyclers", what)
		}
		if f.TonnesPerYear == nil || *f.TonnesPerYear <= 0 {
			t.Fatalf("flow %s: tonnes %v, want positive", what, f.TonnesPerYear)
		}
		if f.Basis != "estimated" {
			t.Fatalf("flow %s: basis %q", what, f.Basis)
		}
		checkProv(what, f.Provenance)
		materials[f.Material] = true
	}
	// Exactly the countries and materials used are in the dataset.
	var gotCountries, gotMaterials []string
	for _, c := range ds.Countries {
		gotCountries = append(gotCountries, c.Code)
	}
	for _, m := range ds.Materials {
		gotMaterials = append(gotMaterials, m.Code)
		checkProv(m.Code, m.Provenance)
	}
	if want := sortedKeys(countries); !slices.Equal(sortedCopy(gotCountries), want) {
		t.Fatalf("countries %v, want the ones used %v", gotCountries, want)
	}
	if want := sortedKeys(materials); !slices.Equal(sortedCopy(gotMaterials), want) {
		t.Fatalf("materials %v, want the ones used %v", gotMaterials, want)
	}
	if len(ds.Controls) != 0 {
		t.Fatalf("%d controls, want none", len(ds.Controls))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestGenerateIsValid(t *testing.T) {
	for _, opts := range []seed.GenerateOptions{
		{Facilities: 0, Flows: 0, Seed: 1},
		{Facilities: 0, Flows: 10, Seed: 1},
		{Facilities: 9, Flows: 5, Seed: 2},
		{Facilities: 30, Flows: 60, Seed: 3},
		{Facilities: 200, Flows: 1000, Seed: 4},
		{Facilities: 1000, Flows: 5000, Seed: 1},
		{Facilities: 2000, Flows: 10000, Seed: -7},
		{Facilities: 5000, Flows: 25000, Seed: 42},
	} {
		t.Run(fmt.Sprintf("%d-%d-seed%d", opts.Facilities, opts.Flows, opts.Seed), func(t *testing.T) {
			ds := seed.Generate(opts)
			wantFlows := opts.Flows
			if opts.Facilities == 0 {
				wantFlows = 0
			}
			if len(ds.Facilities) != opts.Facilities || len(ds.Flows) != wantFlows {
				t.Fatalf("%d facilities and %d flows, want %d and %d", len(ds.Facilities), len(ds.Flows), opts.Facilities, wantFlows)
			}
			checkInvariants(t, ds, opts)
			back := roundTrip(t, ds)
			// The reader gives back exactly what was generated.
			if diff := cmp.Diff(ds, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("read back differs (-generated +read):\n%s", diff)
			}
		})
	}
}

func TestGenerateEveryTierWhenThereIsRoom(t *testing.T) {
	for _, n := range []int{9, 10, 50, 1000} {
		ds := seed.Generate(seed.GenerateOptions{Facilities: n, Flows: n, Seed: 1})
		tiers := map[graph.Tier]int{}
		for _, f := range ds.Facilities {
			tiers[f.Tier]++
		}
		for _, tier := range graph.Tiers {
			if tiers[tier] == 0 {
				t.Errorf("%d facilities: no %s", n, tier)
			}
		}
	}
	// Below nine, the first tiers of the chain come first.
	ds := seed.Generate(seed.GenerateOptions{Facilities: 3, Flows: 10, Seed: 1})
	var got []graph.Tier
	for _, f := range ds.Facilities {
		got = append(got, f.Tier)
	}
	if want := []graph.Tier{graph.Mine, graph.Separation, graph.Metal}; !slices.Equal(got, want) {
		t.Errorf("3 facilities: tiers %v, want %v", got, want)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	opts := seed.GenerateOptions{Facilities: 2000, Flows: 10000, Seed: 99}
	a, b := seed.Generate(opts), seed.Generate(opts)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs with the same seed differ:\n%s", cmp.Diff(a, b))
	}
	opts.Seed = 100
	c := seed.Generate(opts)
	if cmp.Equal(a.Flows, c.Flows) || cmp.Equal(a.Facilities, c.Facilities) {
		t.Error("seeds 99 and 100 give the same network")
	}
	if len(c.Facilities) != len(a.Facilities) || len(c.Flows) != len(a.Flows) {
		t.Errorf("seed 100: %d facilities, %d flows; want %d, %d", len(c.Facilities), len(c.Flows), len(a.Facilities), len(a.Flows))
	}
}

// A tiny network cannot hold every flow asked for: Generate returns every
// distinct flow the rules allow, the same number however many are asked.
func TestGenerateTinyNetworkSaturates(t *testing.T) {
	for _, tc := range []struct{ facilities, most int }{
		// One facility per tier: the flow kinds' materials add up to 36
		// (OEM to OEM needs two OEMs).
		{9, 36},
		// Mine, separation, metal: 2 ores + 3 oxides.
		{3, 5},
		{1, 0},
	} {
		for _, ask := range []int{tc.most, tc.most + 1, 10 * tc.most, 100000} {
			opts := seed.GenerateOptions{Facilities: tc.facilities, Flows: ask, Seed: int64(ask)}
			ds := seed.Generate(opts)
			if len(ds.Flows) != tc.most {
				t.Errorf("%d facilities, %d flows asked: got %d, want %d", tc.facilities, ask, len(ds.Flows), tc.most)
			}
			checkInvariants(t, ds, opts)
			roundTrip(t, ds)
		}
	}
	// Asking for fewer gives exactly that many, even near saturation.
	for ask := range 37 {
		ds := seed.Generate(seed.GenerateOptions{Facilities: 9, Flows: ask, Seed: 5})
		if len(ds.Flows) != ask {
			t.Errorf("9 facilities, %d flows asked: got %d", ask, len(ds.Flows))
		}
	}
}

// TestGenerateShape checks that the network looks like the real chain:
// tier proportions, China's shares, hubs, heavy-tailed tonnes.
func TestGenerateShape(t *testing.T) {
	ds := seed.Generate(seed.GenerateOptions{Facilities: 20000, Flows: 100000, Seed: 7})
	tierCount := map[graph.Tier]int{}
	cn := map[graph.Tier]int{}
	tierOf := map[string]graph.Tier{}
	for _, f := range ds.Facilities {
		tierCount[f.Tier]++
		tierOf[f.ID] = f.Tier
		if f.Country == "CN" {
			cn[f.Tier]++
		}
	}
	n := float64(len(ds.Facilities))
	for tier, want := range map[graph.Tier][2]float64{
		graph.Mine: {0.01, 0.03}, graph.Separation: {0.03, 0.06}, graph.Refinery: {0.01, 0.03},
		graph.Metal: {0.04, 0.07}, graph.Alloy: {0.04, 0.07}, graph.Magnet: {0.15, 0.25},
		graph.OEM: {0.4, 0.6}, graph.Trader: {0.04, 0.1}, graph.Recycler: {0.03, 0.07},
	} {
		if share := float64(tierCount[tier]) / n; share < want[0] || share > want[1] {
			t.Errorf("%s: %.3f of the facilities, want %.2f to %.2f", tier, share, want[0], want[1])
		}
	}
	if tierCount[graph.Mine] >= tierCount[graph.Separation] || tierCount[graph.Magnet] >= tierCount[graph.OEM] {
		t.Errorf("tier counts %v: want fewer mines than separation plants, fewer magnet makers than OEMs", tierCount)
	}
	for tier, want := range map[graph.Tier][2]float64{
		graph.Mine: {0.65, 0.75}, graph.Separation: {0.87, 0.93}, graph.Magnet: {0.87, 0.93}, graph.OEM: {0.3, 0.42},
	} {
		if share := float64(cn[tier]) / float64(tierCount[tier]); share < want[0] || share > want[1] {
			t.Errorf("%s in CN: %.3f, want %.2f to %.2f", tier, share, want[0], want[1])
		}
	}
	// Facilities without flows are not operating; most are.
	status := map[graph.Status]int{}
	for _, f := range ds.Facilities {
		status[f.Status]++
	}
	t.Logf("statuses: %v", status)
	if share := float64(status["operating"]) / n; share < 0.7 || share > 0.95 {
		t.Errorf("%.3f of the facilities operating, want 0.70 to 0.95 (%v)", share, status)
	}
	if len(ds.Countries) < 20 {
		t.Errorf("%d countries, want at least 20", len(ds.Countries))
	}

	// Hubs: the biggest magnet makers supply far more than the mean, and
	// the top 1% carry a large share of the magnet flows.
	out := map[string]int{}
	magnetFlows := 0
	tonnes := make([]float64, 0, len(ds.Flows))
	for _, f := range ds.Flows {
		if tierOf[f.From] == graph.Magnet {
			out[f.From]++
			magnetFlows++
		}
		if f.Material == "ndfeb-sintered-magnet" {
			tonnes = append(tonnes, *f.TonnesPerYear)
		}
	}
	degrees := make([]int, 0, tierCount[graph.Magnet])
	for _, f := range ds.Facilities {
		if f.Tier == graph.Magnet {
			degrees = append(degrees, out[f.ID])
		}
	}
	slices.Sort(degrees)
	slices.Reverse(degrees)
	top := 0
	for _, d := range degrees[:len(degrees)/100] {
		top += d
	}
	mean := float64(magnetFlows) / float64(len(degrees))
	t.Logf("magnet makers: %d, mean out-degree %.1f, max %d, median %d, top 1%% carry %.1f%% of their flows",
		len(degrees), mean, degrees[0], degrees[len(degrees)/2], 100*float64(top)/float64(magnetFlows))
	if float64(degrees[0]) < 20*mean {
		t.Errorf("biggest magnet maker has %d flows out, want at least 20× the mean %.1f", degrees[0], mean)
	}
	if share := float64(top) / float64(magnetFlows); share < 0.15 {
		t.Errorf("top 1%% of magnet makers carry %.1f%% of their flows, want at least 15%%", 100*share)
	}

	// Heavy tail of tonnes: the largest flows are orders of magnitude
	// above the median.
	slices.Sort(tonnes)
	median, p99, top1 := tonnes[len(tonnes)/2], tonnes[len(tonnes)*99/100], tonnes[len(tonnes)-1]
	t.Logf("sintered magnet flows: median %.1f t, p99 %.1f t, max %.1f t", median, p99, top1)
	if p99 < 10*median || top1 < 100*median {
		t.Errorf("tonnes median %.1f, p99 %.1f, max %.1f: want p99 ≥ 10× and max ≥ 100× the median", median, p99, top1)
	}
}

// TestGenerateLarge checks the benchmark size: exact counts, no duplicate
// or upward flow. It skips the CSV round trip, which the smaller sizes
// cover.
func TestGenerateLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large network: skipped with -short")
	}
	opts := seed.GenerateOptions{Facilities: 100000, Flows: 500000, Seed: 1}
	ds := seed.Generate(opts)
	if len(ds.Facilities) != opts.Facilities || len(ds.Flows) != opts.Flows {
		t.Fatalf("%d facilities and %d flows, want %d and %d", len(ds.Facilities), len(ds.Flows), opts.Facilities, opts.Flows)
	}
	checkInvariants(t, ds, opts)
	if !strings.HasPrefix(ds.Facilities[len(ds.Facilities)-1].ID, "GEN_REF_") {
		t.Errorf("last facility %s, want a refinery (facilities are laid out by tier)", ds.Facilities[len(ds.Facilities)-1].ID)
	}
}

func BenchmarkGenerate(b *testing.B) {
	opts := seed.GenerateOptions{Facilities: 100000, Flows: 500000, Seed: 1}
	for b.Loop() {
		ds := seed.Generate(opts)
		if len(ds.Flows) != opts.Flows {
			b.Fatalf("%d flows, want %d", len(ds.Flows), opts.Flows)
		}
	}
	b.ReportMetric(float64(opts.Facilities+opts.Flows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
