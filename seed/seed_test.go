package seed_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

func TestSeedIsValidAndBigEnough(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatalf("the seed dataset is invalid: %v", err)
	}
	countries := map[string]bool{}
	tiers := map[graph.Tier]int{}
	for _, f := range ds.Facilities {
		countries[f.Country] = true
		tiers[f.Tier]++
	}
	if len(ds.Facilities) < 100 || len(countries) < 15 || len(ds.Flows) < 140 {
		t.Errorf("seed has %d facilities in %d countries and %d flows; want at least 100, 15 and 140",
			len(ds.Facilities), len(countries), len(ds.Flows))
	}
	for _, tier := range graph.Tiers {
		if tiers[tier] == 0 {
			t.Errorf("no facility of tier %s", tier)
		}
	}
}

const (
	countriesCSV = "code,name,region\nAU,Australia,Oceania\nMY,Malaysia,South-East Asia\nJP,Japan,East Asia\n"
	materialsCSV = "code,name,stage,elements,description,sources,as_of,confidence\n" +
		"mixed-concentrate,Mixed concentrate,ore,La;Ce;Nd;Pr,Mine output,https://example.org/m,2025-01-01,high\n" +
		"ndpr-oxide,NdPr oxide,oxide,Nd;Pr,Separated oxide,https://example.org/m,2025-01-01,high\n"
	facilitiesHeader = "id,name,tier,company,country,lat,lon,location_approximate,capacity,capacity_unit,capacity_basis,status,aggregate,sources,as_of,confidence,notes\n"
	facilitiesCSV    = facilitiesHeader +
		"MTW_MINE,Mount Weld,Mine,Lynas,AU,-28.86,122.55,false,12000,t NdPr/yr,design,operating,false,https://example.org/a,2025-06-01,high,\n" +
		"LAMP,Lynas Malaysia,Separation,Lynas,MY,3.97,103.38,true,10500,t NdPr oxide/yr,design,operating,false,https://example.org/b,2025-06-01,high,\n" +
		"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,,,,operating,false,https://example.org/c,2025-06-01,medium,\n"
	flowsHeader = "from,to,material,tonnes_per_year,basis,valid_from,valid_to,sources,as_of,confidence,notes\n"
	flowsCSV    = flowsHeader +
		"MTW_MINE,LAMP,mixed-concentrate,20000,estimated,,,https://example.org/d,2025-06-01,medium,from capacity\n" +
		"LAMP,TOYOTA,ndpr-oxide,3000,estimated,2023-03-01,,https://example.org/e,2025-06-01,medium,\n"

	// boundedFlowsHeader, boundedFacilitiesHeader and
	// boundedContentsHeader have the optional bound columns that the
	// headers above and contentsHeader, as files written before them,
	// leave out.
	boundedFlowsHeader      = "from,to,material,tonnes_per_year,tonnes_low,tonnes_high,basis,valid_from,valid_to,sources,as_of,confidence,notes\n"
	boundedFacilitiesHeader = "id,name,tier,company,country,lat,lon,location_approximate,capacity,capacity_low,capacity_high,capacity_unit,capacity_basis,status,aggregate,sources,as_of,confidence,notes\n"
	boundedContentsHeader   = "material,element,fraction,fraction_low,fraction_high,from,to,sources,as_of,confidence,notes\n"
)

const (
	contentsHeader = "material,element,fraction,from,to,sources,as_of,confidence,notes\n"
	contentsCSV    = contentsHeader +
		"mixed-concentrate,La,0.1,,,https://example.org/c,2025-01-01,medium,\n" +
		"mixed-concentrate,Ce,0.15,,,https://example.org/c,2025-01-01,medium,\n" +
		"mixed-concentrate,Nd,0.05,,,https://example.org/c,2025-01-01,medium,\n" +
		"mixed-concentrate,Pr,0.015,,,https://example.org/c,2025-01-01,medium,\n" +
		"mixed-concentrate,Nd,0.07,MTW_MINE,,https://example.org/c,2025-01-01,medium,a deposit richer in Nd\n" +
		"ndpr-oxide,Nd,0.643,,,https://example.org/c,2025-01-01,high,0.75 x 0.857\n" +
		"ndpr-oxide,Pr,0.207,,,https://example.org/c,2025-01-01,high,0.25 x 0.828\n"
)

func files(over map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range map[string]string{
		"countries.csv": countriesCSV, "materials.csv": materialsCSV,
		"facilities.csv": facilitiesCSV, "flows.csv": flowsCSV, "contents.csv": contentsCSV, "sources.csv": "",
	} {
		if v, ok := over[name]; ok {
			text = v
		}
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

func TestReadValid(t *testing.T) {
	ds, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Facilities) != 3 || len(ds.Flows) != 2 || len(ds.Countries) != 3 || len(ds.Materials) != 2 {
		t.Fatalf("read %d facilities, %d flows, %d countries, %d materials; want 3, 2, 3, 2",
			len(ds.Facilities), len(ds.Flows), len(ds.Countries), len(ds.Materials))
	}
	f := ds.Facilities[1]
	if f.Tier != graph.Separation || !f.LocationApproximate || f.Capacity == nil || *f.Capacity != 10500 || f.Sources[0] != "https://example.org/b" {
		t.Errorf("LAMP read as %+v", f)
	}
	if fl := ds.Flows[1]; fl.TonnesPerYear == nil || *fl.TonnesPerYear != 3000 || fl.ValidFrom != "2023-03-01" || fl.Basis != "estimated" {
		t.Errorf("flow read as %+v", fl)
	}
}

// TestReadLocationNote checks the optional location_note column: read when
// the header has it, empty when an older file leaves it out (TestReadValid).
func TestReadLocationNote(t *testing.T) {
	csv := "id,name,tier,company,country,lat,lon,location_approximate,location_note,capacity,capacity_unit,capacity_basis,status,aggregate,sources,as_of,confidence,notes\n" +
		"MTW_MINE,Mount Weld,Mine,Lynas,AU,-28.86,122.55,false,\"pit, from Wikipedia\",12000,t NdPr/yr,design,operating,false,https://example.org/a,2025-06-01,high,\n" +
		"LAMP,Lynas Malaysia,Separation,Lynas,MY,3.97,103.38,true,,10500,t NdPr oxide/yr,design,operating,false,https://example.org/b,2025-06-01,high,\n" +
		"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,HQ city only,,,,operating,false,https://example.org/c,2025-06-01,medium,\n"
	ds, err := seed.Read(files(map[string]string{"facilities.csv": csv}), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{ds.Facilities[0].LocationNote, ds.Facilities[1].LocationNote, ds.Facilities[2].LocationNote}
	if want := []string{"pit, from Wikipedia", "", "HQ city only"}; !slices.Equal(got, want) {
		t.Errorf("location notes read as %q, want %q", got, want)
	}
	old, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := old.Facilities[0].LocationNote; n != "" {
		t.Errorf("a file without the column reads a location note %q", n)
	}
}

// TestReadWordsAnyCase checks that the files' words and country codes are
// read in any case and kept in their canonical spelling, as the API reads
// them (graph.Word, graph.CountryCode).
func TestReadWordsAnyCase(t *testing.T) {
	ds, err := seed.Read(files(map[string]string{"facilities.csv": facilitiesCSV +
		"X1,Somewhere,mine,Co,jp,,,false,100,t REE/yr,Design,Operating,false,https://example.org/x,2025-06-01,LOW,\n"}), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := ds.Facilities[len(ds.Facilities)-1]
	if f.ID != "X1" || f.Tier != graph.Mine || f.Country != "JP" || f.Status != graph.Operating ||
		f.CapacityBasis != graph.Design || f.Confidence != graph.Low {
		t.Errorf("X1 read as %+v", f)
	}
}

// TestReadReportsEveryProblem checks that bad input is reported with the
// file, line, field and reason, and that nothing is returned.
func TestReadReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		over map[string]string
		want seed.Problem
	}{
		{"unknown facility", map[string]string{"flows.csv": flowsHeader +
			"MTW_MINE,NOPE,mixed-concentrate,1,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "to", Reason: `unknown facility id "NOPE"`}},
		{"negative tonnes", map[string]string{"flows.csv": flowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,-5,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_per_year", Reason: "-5 is negative"}},
		{"unknown material", map[string]string{"flows.csv": flowsHeader +
			"MTW_MINE,LAMP,unobtainium,5,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "material", Reason: `unknown material "unobtainium" (not in materials.csv)`}},
		{"flow up the chain", map[string]string{"flows.csv": flowsHeader +
			"TOYOTA,MTW_MINE,ndpr-oxide,5,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "to", Reason: "flow goes up the chain, from OEM TOYOTA to Mine MTW_MINE (tier order: mine, separation/refinery, metal, alloy, magnet, OEM)"}},
		{"duplicate flow", map[string]string{"flows.csv": flowsCSV +
			"MTW_MINE,LAMP,mixed-concentrate,1,reported,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 4, Field: "material", Reason: "duplicate flow MTW_MINE -> LAMP of mixed-concentrate (first on line 2)"}},
		{"no source", map[string]string{"flows.csv": flowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,5,estimated,,,,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "sources", Reason: "is required: every record needs a source"}},
		{"bad country code", map[string]string{"facilities.csv": facilitiesCSV +
			"X1,Somewhere,Mine,Co,Japan,,,false,,,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 5, Field: "country", Reason: `"Japan" is not an ISO 3166-1 alpha-2 code`}},
		{"unknown country", map[string]string{"facilities.csv": facilitiesCSV +
			"X1,Somewhere,Mine,Co,FR,,,false,,,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 5, Field: "country", Reason: `unknown country "FR" (not in countries.csv)`}},
		{"duplicate id", map[string]string{"facilities.csv": facilitiesCSV +
			"LAMP,Again,Separation,Co,MY,,,false,,,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 5, Field: "id", Reason: `duplicate facility id "LAMP" (first on line 3)`}},
		{"bad tier", map[string]string{"facilities.csv": facilitiesHeader +
			"X1,Somewhere,Smelter,Co,AU,,,false,,,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "tier", Reason: `"Smelter" is not one of Mine, Separation, Refinery, Metal, Alloy, Magnet, OEM, Recycler, Trader`}},
		{"bad date", map[string]string{"facilities.csv": facilitiesHeader +
			"X1,Somewhere,Mine,Co,AU,,,false,,,,operating,false,https://example.org/x,June 2025,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "as_of", Reason: `"June 2025" is not a date (YYYY-MM-DD)`}},
		{"negative tonnes bound", map[string]string{"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,5,-1,,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_low", Reason: "-1 is negative"}},
		{"infinite tonnes bound", map[string]string{"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,5,,Inf,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_high", Reason: `"Inf" is not a number`}},
		{"tonnes bound without tonnes", map[string]string{"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,,,7,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_high", Reason: "is given without tonnes_per_year: a bound needs the figure it bounds"}},
		{"tonnes low above tonnes", map[string]string{"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,5,6,9,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_low", Reason: "6 is above tonnes_per_year 5 (want tonnes_low ≤ tonnes_per_year ≤ tonnes_high)"}},
		{"tonnes high below tonnes", map[string]string{"flows.csv": boundedFlowsHeader +
			"MTW_MINE,LAMP,mixed-concentrate,5,,4.5,estimated,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "flows.csv", Line: 2, Field: "tonnes_high", Reason: "4.5 is below tonnes_per_year 5 (want tonnes_low ≤ tonnes_per_year ≤ tonnes_high)"}},
		{"NaN capacity bound", map[string]string{"facilities.csv": boundedFacilitiesHeader +
			"X1,Somewhere,Mine,Co,AU,,,false,100,NaN,,t REE/yr,design,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "capacity_low", Reason: `"NaN" is not a number`}},
		{"capacity bound without capacity", map[string]string{"facilities.csv": boundedFacilitiesHeader +
			"X1,Somewhere,Mine,Co,AU,,,false,,50,,,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "capacity_low", Reason: "is given without capacity: a bound needs the figure it bounds"}},
		{"capacity low above capacity", map[string]string{"facilities.csv": boundedFacilitiesHeader +
			"X1,Somewhere,Mine,Co,AU,,,false,100,120,150,t REE/yr,design,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "capacity_low", Reason: "120 is above capacity 100 (want capacity_low ≤ capacity ≤ capacity_high)"}},
		{"capacity high below capacity", map[string]string{"facilities.csv": boundedFacilitiesHeader +
			"X1,Somewhere,Mine,Co,AU,,,false,100,,80,t REE/yr,design,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 2, Field: "capacity_high", Reason: "80 is below capacity 100 (want capacity_low ≤ capacity ≤ capacity_high)"}},
		{"fraction high above 1", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,0.1,,1.2,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction_high", Reason: "1.2 is outside [0, 1]"}},
		{"negative fraction bound", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,0.1,-0.01,,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction_low", Reason: "-0.01 is negative"}},
		{"fraction bound without fraction", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,,0.05,,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction_low", Reason: "is given without fraction: a bound needs the figure it bounds"}},
		{"fraction low above fraction", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,0.1,0.12,0.2,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction_low", Reason: "0.12 is above fraction 0.1 (want fraction_low ≤ fraction ≤ fraction_high)"}},
		{"fraction high below fraction", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,Nd,0.07,,0.065,MTW_MINE,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction_high", Reason: "0.065 is below fraction 0.07 (want fraction_low ≤ fraction ≤ fraction_high)"}},
		{"fraction of 0 with bounds", map[string]string{"contents.csv": boundedContentsHeader +
			"mixed-concentrate,La,0,,0.01,,,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "contents.csv", Line: 2, Field: "fraction", Reason: "is 0 with bounds beside it: a range is sampled as a share of its figure, so give the central estimate here, within fraction_low and fraction_high"}},
		{"missing column", map[string]string{"countries.csv": "code,name\nAU,Australia\n"},
			seed.Problem{File: "countries.csv", Line: 1, Field: "region", Reason: "column is missing from the header"}},
		{"quoted field over lines keeps line numbers", map[string]string{"facilities.csv": facilitiesHeader +
			"X1,\"Two\nlines\",Mine,Co,AU,,,false,,,,operating,false,https://example.org/x,2025-06-01,low,\n" +
			"X2,Fine,Mine,Co,AU,,,false,-3,t/yr,,operating,false,https://example.org/x,2025-06-01,low,\n"},
			seed.Problem{File: "facilities.csv", Line: 4, Field: "capacity", Reason: "-3 is negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := seed.Read(files(tt.over), seed.Options{})
			var inv *seed.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("Read = %v, want an *InvalidError", err)
			}
			if len(ds.Facilities)+len(ds.Flows) != 0 {
				t.Errorf("Read returned data along with the error")
			}
			if slices.Contains(inv.Problems, tt.want) {
				return
			}
			t.Errorf("problems %v\ndo not include %v", inv.Problems, tt.want)
		})
	}
}

// TestSeedMassBalance: every facility of the seed ships at most what it
// receives or mines of each element, or its notes explain why not (a
// sentence starting "Mass balance:"), on the flows valid on the date the
// seed was last checked.
func TestSeedMassBalance(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	mb := graph.CheckMassBalance(ds, SeedCheckedOn)
	for _, im := range mb.Imbalances {
		if !im.Explained {
			t.Errorf("%s (%s) ships %.1f %s but receives %.1f and produces %.1f; fix the data or explain it in its notes (\"Mass balance: …\")",
				im.Facility, im.Element, im.Shipped, im.Unit, im.Received, im.Produced)
		}
	}
	t.Logf("mass balance on %s: %d checked, %d unchecked, %d imbalances, all explained", SeedCheckedOn, mb.Checked, mb.Unchecked, len(mb.Imbalances))
}

// SeedCheckedOn is the date the seed's mass balance is checked on.
const SeedCheckedOn = "2026-12-01"

// TestSeedFacilitiesDoNotShareAPoint checks that a facility placed on its
// site (location not approximate) shares its exact point only with
// facilities on the same site ("same site as ID" in the location note,
// either way): otherwise a click on the map picks the wrong one. Approximate
// points (a town, an industrial zone) may coincide; the map says they are
// approximate.
func TestSeedFacilitiesDoNotShareAPoint(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	site := func(f graph.Facility) string {
		if _, rest, ok := strings.Cut(f.LocationNote, "same site as "); ok {
			return strings.TrimRight(strings.Fields(rest)[0], ".,;:")
		}
		return f.ID
	}
	at := map[[2]float64][]graph.Facility{}
	for _, f := range ds.Facilities {
		if f.Lat != nil && f.Lon != nil && !f.Aggregate {
			p := [2]float64{*f.Lat, *f.Lon}
			at[p] = append(at[p], f)
		}
	}
	for p, list := range at {
		for i, a := range list {
			for _, b := range list[i+1:] {
				if (!a.LocationApproximate || !b.LocationApproximate) && site(a) != site(b) {
					t.Errorf("%s and %s are both at %v, on different sites, and one is placed on its site", a.ID, b.ID, p)
				}
			}
		}
	}
}

// TestSeedFacilitiesSayWhereTheyAre checks that every seed facility other
// than an aggregate says where its point comes from, or why it has only an
// approximate one or none: the map's hollow rings must have a reason an
// analyst can read.
func TestSeedFacilitiesSayWhereTheyAre(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range ds.Facilities {
		if f.Aggregate {
			continue
		}
		n++
		if strings.TrimSpace(f.LocationNote) == "" {
			t.Errorf("%s has no location_note (approximate %v, point %v)", f.ID, f.LocationApproximate, f.Lat != nil)
		}
		if f.Lat == nil && f.LocationApproximate {
			t.Errorf("%s is marked approximate but has no point", f.ID)
		}
	}
	if n < 100 {
		t.Errorf("only %d facilities checked; the seed has more than 100 that are not aggregates", n)
	}
}
