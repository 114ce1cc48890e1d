package neo4jstore_test

import (
	"encoding/csv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
)

// readBulk reads a file WriteBulk wrote: its header's property keys (the
// part before any ":type") and its rows keyed by them.
func readBulk(t *testing.T, path string) (keys []string, rows []map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	for _, h := range recs[0] {
		key, _, _ := strings.Cut(h, ":")
		if key == "" { // :LABEL, :START_ID(...): the header itself
			key = h
		}
		keys = append(keys, key)
	}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, k := range keys {
			m[k] = r[i]
		}
		rows = append(rows, m)
	}
	return keys, rows
}

// TestWriteBulk: the importer's files hold every property the loader's
// row maps hold, under the same keys (so that a bulk import and a load
// write the same graph; the integration test of `import -bulk` compares
// the two on the seed), the countries and automatic sources a load would
// merge, and cells as the importer reads them; the rest of the dataset is
// left to the loader.
func TestWriteBulk(t *testing.T) {
	ds := lynas()
	ds.Countries = ds.Countries[1:] // AU: named by Mount Weld only
	ds.Facilities[2].Notes = "a \"trading\" house, Tokyo;\nsecond line"
	dir := t.TempDir()
	b, err := neo4jstore.WriteBulk(dir, ds)
	if err != nil {
		t.Fatal(err)
	}

	props := func(m map[string]any, drop ...string) []string {
		keys := slices.Sorted(maps.Keys(m))
		return slices.DeleteFunc(keys, func(k string) bool { return slices.Contains(drop, k) })
	}
	for _, tt := range []struct {
		file string
		id   []string // the header's id and link columns
		want []string // the row map's keys
	}{
		{"facilities.csv", []string{"id", ":LABEL"}, props(neo4jstore.FacilityRow(ds.Facilities[0])["props"].(map[string]any))},
		{"supplies.csv", []string{":START_ID(Facility)", ":END_ID(Facility)", "material"}, props(neo4jstore.FlowRow(ds.Flows[0])["props"].(map[string]any))},
		{"materials.csv", []string{"code"}, props(neo4jstore.MaterialRow(ds.Materials[0]), "code")},
		{"countries.csv", []string{"code"}, props(neo4jstore.CountryRow(ds.Countries[0]), "code")},
		{"sources.csv", []string{"url"}, props(neo4jstore.SourceRow(graph.Source{}), "url")},
		{"located_in.csv", []string{":START_ID(Facility)", ":END_ID(Country)"}, nil},
	} {
		keys, _ := readBulk(t, filepath.Join(dir, tt.file))
		if got := slices.Sorted(slices.Values(keys[len(tt.id):])); !slices.Equal(got, tt.want) || !slices.Equal(keys[:len(tt.id)], tt.id) {
			t.Errorf("%s has the columns %v; want %v, then the row's keys %v", tt.file, keys, tt.id, tt.want)
		}
	}

	_, facilities := readBulk(t, filepath.Join(dir, "facilities.csv"))
	if len(facilities) != 3 {
		t.Fatalf("facilities.csv has %d rows, want 3", len(facilities))
	}
	mtw, lamp, jare := facilities[0], facilities[1], facilities[2]
	for _, c := range []struct{ got, want string }{
		{mtw["id"], "MTW_MINE"}, {mtw[":LABEL"], "Mine"}, {mtw["capacity"], "12000"}, {mtw["capacityHigh"], "12000.5"},
		{mtw["lat"], "-28.86"}, {mtw["locationApproximate"], "false"}, {mtw["onlineDate"], ""}, {mtw["rampMonths"], ""},
		{mtw["sources"], "https://en.wikipedia.org/wiki/Mount_Weld"},
		{lamp["rampMonths"], "24"}, {lamp["locationApproximate"], "true"}, {lamp["onlineDate"], "2012-11-01"},
		{jare["notes"], ds.Facilities[2].Notes},
	} {
		if c.got != c.want {
			t.Errorf("facilities.csv: a cell is %q, want %q", c.got, c.want)
		}
	}
	_, countries := readBulk(t, filepath.Join(dir, "countries.csv"))
	var codes []string
	for _, c := range countries {
		codes = append(codes, c["code"])
	}
	if !slices.Equal(codes, []string{"MY", "JP", "AU"}) {
		t.Errorf("countries.csv holds %v; want the dataset's MY, JP and AU, which a facility names", codes)
	}
	_, sources := readBulk(t, filepath.Join(dir, "sources.csv"))
	if len(sources) != len(graph.Unregistered(ds, nil)) || len(sources) == 0 {
		t.Errorf("sources.csv holds %d rows; want the %d automatic entries of the cited URLs", len(sources), len(graph.Unregistered(ds, nil)))
	}
	if !slices.Contains(b.Args, "--multiline-fields=true") {
		t.Errorf("a note holds a line break, and the importer is not told: %v", b.Args)
	}
	if len(b.Rest.Facilities)+len(b.Rest.Flows) != 0 || len(b.Rest.Contents) != len(ds.Contents) ||
		len(b.Rest.Stockpiles) != len(ds.Stockpiles) || len(b.Rest.Demands) != len(ds.Demands) || len(b.Rest.Sources) != len(sources) {
		t.Errorf("the rest holds %d facilities, %d flows, %d contents, %d stockpiles, %d demands, %d sources; want none, none, then the dataset's and every source",
			len(b.Rest.Facilities), len(b.Rest.Flows), len(b.Rest.Contents), len(b.Rest.Stockpiles), len(b.Rest.Demands), len(b.Rest.Sources))
	}

	ds.Facilities[2].Notes = "one line"
	b, err = neo4jstore.WriteBulk(t.TempDir(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(b.Args, "--multiline-fields=true") {
		t.Errorf("no cell holds a line break, and the importer is told to parse multi-line fields (slower): %v", b.Args)
	}
}
