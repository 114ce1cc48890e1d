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

// boundedFiles are the test dataset with bounds on a flow (both), a
// facility (only a high one) and two contents (a default with both, a
// shipper's with only a high one).
func boundedFiles() fstest.MapFS {
	return files(map[string]string{
		"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,0.1,,,,,https://example.org/c,2025-01-01,medium,\n" +
			"mixed-concentrate,Ce,0.15,,,,,https://example.org/c,2025-01-01,medium,\n" +
			"mixed-concentrate,Nd,0.05,,,,,https://example.org/c,2025-01-01,medium,\n" +
			"mixed-concentrate,Pr,0.015,,,,,https://example.org/c,2025-01-01,medium,\n" +
			"mixed-concentrate,Nd,0.07,,0.085,MTW_MINE,,https://example.org/c,2025-01-01,medium,a deposit richer in Nd\n" +
			"ndpr-oxide,Nd,0.643,0.62,0.66,,,https://example.org/c,2025-01-01,high,0.75 x 0.857\n" +
			"ndpr-oxide,Pr,0.207,,,,,https://example.org/c,2025-01-01,high,0.25 x 0.828\n",
		"facilities.csv": boundedFacilitiesHeader +
			"MTW_MINE,Mount Weld,Mine,Lynas,AU,-28.86,122.55,false,12000,,12500,t NdPr/yr,design,operating,false,https://example.org/a,2025-06-01,high,\n" +
			"LAMP,Lynas Malaysia,Separation,Lynas,MY,3.97,103.38,true,10500,8000,11000.5,t NdPr oxide/yr,design,operating,false,https://example.org/b,2025-06-01,high,\n" +
			"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,,,,,,operating,false,https://example.org/c,2025-06-01,medium,\n",
		"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,20000,15000,26000,estimated,,,https://example.org/d,2025-06-01,medium,from capacity\n" +
			"LAMP,TOYOTA,ndpr-oxide,3000,3000,,estimated,2023-03-01,,https://example.org/e,2025-06-01,medium,\n",
	})
}

// TestBoundsReadAndWritten checks that the bounds of flows, capacities
// and contents are read, survive a CSV and a JSON round trip, and that a file written
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
	for _, c := range ds.Contents {
		got = append(got, bounds{c.FractionLow, c.FractionHigh})
	}
	want := []bounds{{nil, new(12500.0)}, {new(8000.0), new(11000.5)}, {}, {new(15000.0), new(26000.0)}, {new(3000.0), nil},
		{}, {}, {}, {}, {nil, new(0.085)}, {new(0.62), new(0.66)}, {}}
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
	for _, key := range []string{`"tonnes_low": 15000`, `"tonnes_high": null`, `"capacity_high": 11000.5`, `"capacity_low": null`, `"fraction_low": 0.62`, `"fraction_high": 0.085`} {
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
	header.Reset()
	if err := seed.WriteCSV(&header, seed.ContentsFile, ds); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := strings.Cut(header.String(), "\n"); h+"\n" != boundedContentsHeader {
		t.Errorf("contents.csv header written as %q, want %q", h, boundedContentsHeader)
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
	for _, c := range old.Contents {
		if c.FractionLow != nil || c.FractionHigh != nil {
			t.Errorf("a file without the bound columns reads bounds on the content of %s in %s", c.Element, c.Material)
		}
	}
}

// TestBoundBesideABadFigure checks that the bounds of a figure that is
// given but cannot be read are not also said to be without it: the
// figure's own problem is the one to fix.
func TestBoundBesideABadFigure(t *testing.T) {
	_, err := seed.Read(files(map[string]string{"contents.csv": boundedContentsHeader +
		"mixed-concentrate,La,1.5,0.05,0.2,,,https://example.org/x,2025-06-01,low,\n"}), seed.Options{})
	inv, ok := errors.AsType[*seed.InvalidError](err)
	if !ok {
		t.Fatalf("Read = %v, want an *InvalidError", err)
	}
	want := seed.Problem{File: "contents.csv", Line: 2, Field: "fraction", Reason: "1.5 is outside [0, 1]"}
	if !slices.Contains(inv.Problems, want) {
		t.Errorf("problems %v\ndo not include %v", inv.Problems, want)
	}
	for _, p := range inv.Problems {
		if p.Line == 2 && (p.Field == "fraction_low" || p.Field == "fraction_high") {
			t.Errorf("a bound beside a fraction that is not read is reported too: %v", p)
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
		{"fraction low above fraction", `"fraction_low": null`, `"fraction_low": 0.2`,
			seed.Problem{File: "x.json#contents", Line: 1, Field: "fraction_low", Reason: "0.2 is above fraction 0.1 (want fraction_low ≤ fraction ≤ fraction_high)"}},
		{"fraction high above 1", `"fraction_high": null`, `"fraction_high": 1.01`,
			seed.Problem{File: "x.json#contents", Line: 1, Field: "fraction_high", Reason: "1.01 is outside [0, 1]"}},
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
