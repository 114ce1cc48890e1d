package seed_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// boundedFiles are the test dataset with bounds on a flow (both) and a
// facility (only a high one).
func boundedFiles() fstest.MapFS {
	return files(map[string]string{
		"facilities.csv": boundedFacilitiesHeader +
			"MTW_MINE,Mount Weld,Mine,Lynas,AU,-28.86,122.55,false,12000,,12500,t NdPr/yr,design,operating,false,https://example.org/a,2025-06-01,high,\n" +
			"LAMP,Lynas Malaysia,Separation,Lynas,MY,3.97,103.38,true,10500,8000,11000.5,t NdPr oxide/yr,design,operating,false,https://example.org/b,2025-06-01,high,\n" +
			"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,,,,,,operating,false,https://example.org/c,2025-06-01,medium,\n",
		"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,20000,15000,26000,estimated,,,https://example.org/d,2025-06-01,medium,from capacity\n" +
			"LAMP,TOYOTA,ndpr-oxide,3000,3000,,estimated,2023-03-01,,https://example.org/e,2025-06-01,medium,\n",
	})
}

// TestBoundsReadAndWritten checks that the bounds of flows and capacities
// are read, survive a CSV and a JSON round trip, and that a file written
// before the bound columns existed reads without bounds.
func TestBoundsReadAndWritten(t *testing.T) {
	ds, err := seed.Read(boundedFiles(), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type bounds struct{ Low, High *float64 }
	got := []bounds{
		{ds.Facilities[0].CapacityLow, ds.Facilities[0].CapacityHigh},
		{ds.Facilities[1].CapacityLow, ds.Facilities[1].CapacityHigh},
		{ds.Facilities[2].CapacityLow, ds.Facilities[2].CapacityHigh},
		{ds.Flows[0].TonnesLow, ds.Flows[0].TonnesHigh},
		{ds.Flows[1].TonnesLow, ds.Flows[1].TonnesHigh},
	}
	want := []bounds{{nil, new(12500.0)}, {new(8000.0), new(11000.5)}, {}, {new(15000.0), new(26000.0)}, {new(3000.0), nil}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bounds read (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff(ds, roundTrip(t, ds)); diff != "" {
		t.Errorf("CSV round trip changed the dataset (-before +after):\n%s", diff)
	}
	var b bytes.Buffer
	if err := seed.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"tonnes_low": 15000`, `"tonnes_high": null`, `"capacity_high": 11000.5`, `"capacity_low": null`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("the JSON document has no %s", key)
		}
	}
	back, err := seed.ReadJSON("x.json", &b, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ds, back); diff != "" {
		t.Errorf("JSON round trip changed the dataset (-before +after):\n%s", diff)
	}

	var header strings.Builder
	if err := seed.WriteCSV(&header, seed.FlowsFile, ds); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := strings.Cut(header.String(), "\n"); h+"\n" != boundedFlowsHeader {
		t.Errorf("flows.csv header written as %q, want %q", h, boundedFlowsHeader)
	}

	old, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range old.Flows {
		if f.TonnesLow != nil || f.TonnesHigh != nil {
			t.Errorf("a file without the bound columns reads bounds on %s -> %s", f.From, f.To)
		}
	}
	for _, f := range old.Facilities {
		if f.CapacityLow != nil || f.CapacityHigh != nil {
			t.Errorf("a file without the bound columns reads bounds on %s", f.ID)
		}
	}
}

// TestBoundsProblemsInJSON checks that a JSON import is refused for the
// same bad bounds as a CSV file, located by its array and position.
func TestBoundsProblemsInJSON(t *testing.T) {
	ds, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := seed.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	for _, tt := range []struct {
		name, old, new string
		want           seed.Problem
	}{
		{"tonnes low above tonnes", `"tonnes_low": null`, `"tonnes_low": 25000`,
			seed.Problem{File: "x.json#flows", Line: 1, Field: "tonnes_low", Reason: "25000 is above tonnes_per_year 20000 (want tonnes_low ≤ tonnes_per_year ≤ tonnes_high)"}},
		{"negative tonnes high", `"tonnes_high": null`, `"tonnes_high": -1`,
			seed.Problem{File: "x.json#flows", Line: 1, Field: "tonnes_high", Reason: "-1 is negative"}},
		{"capacity high below capacity", `"capacity_high": null`, `"capacity_high": 11999.5`,
			seed.Problem{File: "x.json#facilities", Line: 1, Field: "capacity_high", Reason: "11999.5 is below capacity 12000 (want capacity_low ≤ capacity ≤ capacity_high)"}},
		{"capacity bound as a string", `"capacity_low": null`, `"capacity_low": "lots"`,
			seed.Problem{File: "x.json#facilities", Line: 1, Field: "capacity_low", Reason: `"lots" is not a number`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(doc, tt.old, tt.new, 1)
			if bad == doc {
				t.Fatalf("the document has no %s", tt.old)
			}
			_, err := seed.ReadJSON("x.json", strings.NewReader(bad), seed.Options{})
			inv, ok := errors.AsType[*seed.InvalidError](err)
			if !ok {
				t.Fatalf("ReadJSON = %v, want an *InvalidError", err)
			}
			if !slices.Contains(inv.Problems, tt.want) {
				t.Errorf("problems %v\ndo not include %v", inv.Problems, tt.want)
			}
		})
	}

	// Bounds around a figure of 0: refused, not silently unused.
	zero := strings.Replace(doc, `"tonnes_per_year": 20000`, `"tonnes_per_year": 0`, 1)
	zero = strings.Replace(zero, `"tonnes_high": null`, `"tonnes_high": 5`, 1)
	_, err = seed.ReadJSON("x.json", strings.NewReader(zero), seed.Options{})
	want := seed.Problem{File: "x.json#flows", Line: 1, Field: "tonnes_per_year", Reason: "is 0 with bounds beside it: a range is sampled as a share of its figure, so give the central estimate here, within tonnes_low and tonnes_high"}
	if inv, ok := errors.AsType[*seed.InvalidError](err); !ok || !slices.Contains(inv.Problems, want) {
		t.Errorf("bounds around 0 tonnes: %v, want %v", err, want)
	}

	// A bound of a flow of unknown tonnes: the flow of the document
	// without tonnes.
	bad := strings.Replace(doc, `"tonnes_per_year": 20000`, `"tonnes_per_year": null`, 1)
	bad = strings.Replace(bad, `"tonnes_low": null`, `"tonnes_low": 10`, 1)
	_, err = seed.ReadJSON("x.json", strings.NewReader(bad), seed.Options{})
	want = seed.Problem{File: "x.json#flows", Line: 1, Field: "tonnes_low", Reason: "is given without tonnes_per_year: a bound needs the figure it bounds"}
	if inv, ok := errors.AsType[*seed.InvalidError](err); !ok || !slices.Contains(inv.Problems, want) {
		t.Errorf("ReadJSON = %v, want an *InvalidError with %v", err, want)
	}
}
