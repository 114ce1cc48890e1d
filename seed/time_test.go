package seed_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// The columns and files of issue 16: a facility's online date, ramp and
// stock, national stockpiles and the demands of destination facilities.
const (
	timedFacilitiesHeader = "id,name,tier,company,country,lat,lon,location_approximate,capacity,capacity_unit,capacity_basis,status,online_date,ramp_months,stock_days,aggregate,sources,as_of,confidence,notes\n"
	stockpilesHeader      = "country,element,days,sources,as_of,confidence,notes\n"
	demandsHeader         = "facility,element,tonnes_per_year,sources,as_of,confidence,notes\n"
)

// timedFiles are the test dataset with a planned separation plant that
// comes online with a ramp, a stock at Toyota, two stockpiles of Japan's
// and two demands of Toyota's.
func timedFiles(over map[string]string) fstest.MapFS {
	m := map[string]string{
		"facilities.csv": timedFacilitiesHeader +
			"MTW_MINE,Mount Weld,Mine,Lynas,AU,-28.86,122.55,false,12000,t NdPr/yr,design,operating,,,,false,https://example.org/a,2025-06-01,high,\n" +
			"LAMP,Lynas Malaysia,Separation,Lynas,MY,3.97,103.38,true,10500,t NdPr oxide/yr,design,planned,2026-04-01,24,,false,https://example.org/b,2025-06-01,high,\"online_date: April 2026, the first of the month\"\n" +
			"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,,,,operating,,,45.5,false,https://example.org/c,2025-06-01,medium,\n",
		"stockpiles.csv": stockpilesHeader +
			"JP,REE,60,https://example.org/iea,2023-10-26,low,\"target, not a level\"\n" +
			"jp,Dy,180,https://example.org/iea,2023-10-26,low,\n",
		"demands.csv": demandsHeader +
			"TOYOTA,NdPr,2500,https://example.org/t,2025-06-01,medium,\n" +
			"TOYOTA,DyTb,80.5,https://example.org/t,2025-06-01,low,\n",
	}
	maps.Copy(m, over)
	fsys := files(m) // the files it knows
	for _, name := range []string{"stockpiles.csv", "demands.csv"} {
		fsys[name] = &fstest.MapFile{Data: []byte(m[name])}
	}
	return fsys
}

// TestTimeColumnsAndFilesRead checks that the facility columns, the
// stockpiles and the demands are read (words and codes in any case, into
// their canonical spelling), survive CSV, JSON and zip round trips, and
// that files written before them read as none.
func TestTimeColumnsAndFilesRead(t *testing.T) {
	ds, err := seed.Read(timedFiles(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lamp, toyota := ds.Facilities[1], ds.Facilities[2]
	if lamp.OnlineDate != "2026-04-01" || lamp.RampMonths != 24 || lamp.StockDays != nil {
		t.Errorf("LAMP read as online %q, ramp %d, stock %v", lamp.OnlineDate, lamp.RampMonths, lamp.StockDays)
	}
	if toyota.OnlineDate != "" || toyota.RampMonths != 0 || toyota.StockDays == nil || *toyota.StockDays != 45.5 {
		t.Errorf("TOYOTA read as online %q, ramp %d, stock %v", toyota.OnlineDate, toyota.RampMonths, toyota.StockDays)
	}
	p := graph.Provenance{Sources: []string{"https://example.org/iea"}, AsOf: "2023-10-26", Confidence: graph.Low}
	wantStockpiles := []graph.Stockpile{
		{Country: "JP", Element: "REE", Days: 60, Notes: "target, not a level", Provenance: p},
		{Country: "JP", Element: "Dy", Days: 180, Provenance: p},
	}
	if diff := cmp.Diff(wantStockpiles, ds.Stockpiles); diff != "" {
		t.Errorf("stockpiles (-want +got):\n%s", diff)
	}
	wantDemand := graph.Demand{Facility: "TOYOTA", Element: "DyTb", TonnesPerYear: 80.5,
		Provenance: graph.Provenance{Sources: []string{"https://example.org/t"}, AsOf: "2025-06-01", Confidence: graph.Low}}
	if len(ds.Demands) != 2 || !cmp.Equal(ds.Demands[1], wantDemand) {
		t.Errorf("demands read as %+v", ds.Demands)
	}

	if diff := cmp.Diff(ds, roundTrip(t, ds)); diff != "" {
		t.Errorf("CSV round trip changed the dataset (-before +after):\n%s", diff)
	}
	var js bytes.Buffer
	if err := seed.WriteJSON(&js, ds); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"online_date": "2026-04-01"`, `"ramp_months": 24`, `"ramp_months": null`, `"stock_days": 45.5`,
		`"stockpiles": [`, `"days": 60`, `"demands": [`, `"tonnes_per_year": 80.5`} {
		if !strings.Contains(js.String(), key) {
			t.Errorf("the JSON document has no %s", key)
		}
	}
	back, err := seed.ReadJSON("x.json", &js, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ds, back); diff != "" {
		t.Errorf("JSON round trip changed the dataset (-before +after):\n%s", diff)
	}
	var zipped bytes.Buffer
	if err := seed.WriteZip(&zipped, ds); err != nil {
		t.Fatal(err)
	}
	fromZip, err := seed.Parse([]seed.File{{Name: "export.zip", Data: zipped.Bytes()}}, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ds, fromZip); diff != "" {
		t.Errorf("zip round trip changed the dataset (-before +after):\n%s", diff)
	}
	for file, want := range map[string]string{seed.FacilitiesFile: ",status,online_date,ramp_months,stock_days,aggregate,",
		seed.StockpilesFile: stockpilesHeader + "JP,REE,60,", seed.DemandsFile: demandsHeader + "TOYOTA,NdPr,2500,"} {
		if text := zipFile(t, zipped.Bytes(), file); !strings.Contains(text, want) {
			t.Errorf("%s in the zip has no %q:\n%s", file, want, text)
		}
	}

	old, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range old.Facilities {
		if f.OnlineDate != "" || f.RampMonths != 0 || f.StockDays != nil {
			t.Errorf("a file without the columns reads a time on %s", f.ID)
		}
	}
	if len(old.Stockpiles)+len(old.Demands) != 0 {
		t.Errorf("a dataset without the files reads %d stockpiles and %d demands", len(old.Stockpiles), len(old.Demands))
	}
}

// zipFile returns the text of one file of a zip.
func zipFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDemandOfAFacilityTheGraphHolds checks that a merge import may give
// the demand of a facility the database already holds.
func TestDemandOfAFacilityTheGraphHolds(t *testing.T) {
	doc := `{"demands":[{"facility":"TOYOTA","element":"NdPr","tonnes_per_year":2500,"sources":["https://example.org/t"],"as_of":"2025-06-01","confidence":"medium","notes":null}]}`
	known := &graph.Catalog{Facilities: map[string]graph.Tier{"TOYOTA": graph.OEM}}
	ds, err := seed.ReadJSON("d.json", strings.NewReader(doc), seed.Options{Known: known})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Demands) != 1 || ds.Demands[0].TonnesPerYear != 2500 {
		t.Errorf("demands read as %+v", ds.Demands)
	}
	_, err = seed.ReadJSON("d.json", strings.NewReader(doc), seed.Options{Known: &graph.Catalog{}})
	inv, ok := errors.AsType[*seed.InvalidError](err)
	if want := (seed.Problem{File: "demands.csv", Line: 1, Field: "facility", Reason: `unknown facility id "TOYOTA"`}); !ok || !slices.Contains(inv.Problems, want) {
		t.Errorf("a demand of a facility nobody holds: %v, want %v", err, want)
	}
}

// TestTimeProblems checks that bad online dates, ramps, stocks, stockpiles
// and demands are reported with their file, line and field.
func TestTimeProblems(t *testing.T) {
	facility := func(online, ramp, stock string) map[string]string {
		return map[string]string{"facilities.csv": timedFacilitiesHeader +
			"MTW_MINE,Mount Weld,Mine,Lynas,AU,,,false,,,,operating,,,,false,https://example.org/a,2025-06-01,high,\n" +
			"LAMP,Lynas Malaysia,Separation,Lynas,MY,,,false,,,,planned," + online + "," + ramp + "," + stock + ",false,https://example.org/b,2025-06-01,high,\n" +
			"TOYOTA,Toyota,OEM,Toyota Motor,JP,,,false,,,,operating,,,,false,https://example.org/c,2025-06-01,medium,\n"}
	}
	stockpiles := func(rows ...string) map[string]string {
		return map[string]string{"stockpiles.csv": stockpilesHeader + strings.Join(rows, "\n") + "\n"}
	}
	demands := func(rows ...string) map[string]string {
		return map[string]string{"demands.csv": demandsHeader + strings.Join(rows, "\n") + "\n"}
	}
	const src = ",https://example.org/s,2025-01-01,low,"
	for _, tt := range []struct {
		name string
		over map[string]string
		want seed.Problem
	}{
		{"online date not a date", facility("April 2026", "", ""),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "online_date", Reason: `"April 2026" is not a date (YYYY-MM-DD)`}},
		{"ramp not whole", facility("2026-04-01", "1.5", ""),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "ramp_months", Reason: `"1.5" is not a whole number`}},
		{"ramp above ten years", facility("2026-04-01", "121", ""),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "ramp_months", Reason: "121 is outside [0, 120]"}},
		{"negative ramp", facility("2026-04-01", "-3", ""),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "ramp_months", Reason: "-3 is negative"}},
		{"ramp without an online date", facility("", "12", ""),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "ramp_months", Reason: "is given without online_date: a ramp runs from the day the site comes online"}},
		{"negative stock", facility("", "", "-1"),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "stock_days", Reason: "-1 is negative"}},
		{"stock above ten years", facility("", "", "3651"),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "stock_days", Reason: "3651 is outside [0, 3650]"}},
		{"stock not a number", facility("", "", "two months"),
			seed.Problem{File: "facilities.csv", Line: 3, Field: "stock_days", Reason: `"two months" is not a number`}},
		{"stockpile country not a code", stockpiles("Japan,REE,60" + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "country", Reason: `"Japan" is not an ISO 3166-1 alpha-2 code`}},
		{"stockpile country unknown", stockpiles("KR,REE,60" + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "country", Reason: `unknown country "KR" (not in countries.csv)`}},
		{"stockpile element not a rare earth", stockpiles("JP,Co,60" + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "element", Reason: `"Co" is neither a rare-earth element symbol (Sc, Y, La, Ce, Pr, Nd, Pm, Sm, Eu, Gd, Tb, Dy, Ho, Er, Tm, Yb, Lu) nor a group (NdPr, DyTb, REE)`}},
		{"stockpile element missing", stockpiles("JP,,60" + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "element", Reason: "is required (a rare-earth symbol such as Dy, or a group: NdPr, DyTb, REE)"}},
		{"negative days", stockpiles("JP,REE,-60" + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "days", Reason: "-60 is negative"}},
		{"days missing", stockpiles("JP,REE," + src),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "days", Reason: "is required (days of the country's consumption of the element)"}},
		{"duplicate stockpile, REO read as REE", stockpiles("JP,REE,60"+src, "JP,REO,90"+src),
			seed.Problem{File: "stockpiles.csv", Line: 3, Field: "element", Reason: "duplicate stockpile of REE in JP (first on line 2)"}},
		{"stockpile without a source", stockpiles("JP,REE,60,,2025-01-01,low,"),
			seed.Problem{File: "stockpiles.csv", Line: 2, Field: "sources", Reason: "is required: every record needs a source"}},
		{"demand of an unknown facility", demands("NISSAN,NdPr,100" + src),
			seed.Problem{File: "demands.csv", Line: 2, Field: "facility", Reason: `unknown facility id "NISSAN"`}},
		{"demand element not a rare earth", demands("TOYOTA,Fe,100" + src),
			seed.Problem{File: "demands.csv", Line: 2, Field: "element", Reason: `"Fe" is neither a rare-earth element symbol (Sc, Y, La, Ce, Pr, Nd, Pm, Sm, Eu, Gd, Tb, Dy, Ho, Er, Tm, Yb, Lu) nor a group (NdPr, DyTb, REE)`}},
		{"negative demand", demands("TOYOTA,NdPr,-1" + src),
			seed.Problem{File: "demands.csv", Line: 2, Field: "tonnes_per_year", Reason: "-1 is negative"}},
		{"demand tonnes missing", demands("TOYOTA,NdPr," + src),
			seed.Problem{File: "demands.csv", Line: 2, Field: "tonnes_per_year", Reason: "is required (t of the element as metal a year)"}},
		{"duplicate demand, group in any case", demands("TOYOTA,NdPr,100"+src, "TOYOTA,ndpr,200"+src),
			seed.Problem{File: "demands.csv", Line: 3, Field: "element", Reason: "duplicate demand of NdPr by TOYOTA (first on line 2)"}},
		{"demand without a source", demands("TOYOTA,NdPr,100,,2025-01-01,low,"),
			seed.Problem{File: "demands.csv", Line: 2, Field: "sources", Reason: "is required: every record needs a source"}},
		{"unknown stockpile column", map[string]string{"stockpiles.csv": "country,element,tonnes,sources,as_of,confidence,notes\nJP,REE,60" + src + "\n"},
			seed.Problem{File: "stockpiles.csv", Line: 1, Field: "tonnes", Reason: "unknown column (want country, element, days, sources, as_of, confidence, notes)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := seed.Read(timedFiles(tt.over), seed.Options{})
			inv, ok := errors.AsType[*seed.InvalidError](err)
			if !ok {
				t.Fatalf("Read = %v, want an *InvalidError", err)
			}
			if !slices.Contains(inv.Problems, tt.want) {
				t.Errorf("problems %v\ndo not include %v", inv.Problems, tt.want)
			}
		})
	}
}

// TestGraphMLHasStockpilesAndDemands checks that GraphML carries a node per
// stockpile, held by its country's node (HOLDS), and a node per demand,
// needed by its facility's (NEEDS), with their fields.
func TestGraphMLHasStockpilesAndDemands(t *testing.T) {
	ds, err := seed.Read(timedFiles(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := seed.WriteGraphML(&buf, ds); err != nil {
		t.Fatal(err)
	}
	var doc graphML
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	nodes := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = dataMap(n.Data)
	}
	if d := nodes["stockpile:JP:REE"]; d["n_kind"] != "Stockpile" || d["n_days"] != "60" || d["n_notes"] != "target, not a level" {
		t.Errorf("stockpile node: %v", d)
	}
	if d := nodes["demand:TOYOTA:DyTb"]; d["n_kind"] != "Demand" || d["n_tonnes_per_year"] != "80.5" || d["n_element"] != "DyTb" {
		t.Errorf("demand node: %v", d)
	}
	if d := nodes["LAMP"]; d["n_online_date"] != "2026-04-01" || d["n_ramp_months"] != "24" {
		t.Errorf("LAMP node: %v", d)
	}
	var edges []string
	for _, e := range doc.Graph.Edges {
		if typ := dataMap(e.Data)["e_type"]; typ == "HOLDS" || typ == "NEEDS" {
			edges = append(edges, e.Source+" "+typ+" "+e.Target)
		}
	}
	want := []string{"country:JP HOLDS stockpile:JP:REE", "country:JP HOLDS stockpile:JP:Dy", "TOYOTA NEEDS demand:TOYOTA:NdPr", "TOYOTA NEEDS demand:TOYOTA:DyTb"}
	if diff := cmp.Diff(want, edges); diff != "" {
		t.Errorf("HOLDS and NEEDS edges (-want +got):\n%s", diff)
	}
}

// TestSeedTimesSayWhereTheyComeFrom is the seed's bar for issue 16's data:
// every online date and ramp says in the facility's notes which source
// gives it and how its precision was read (a sentence starting
// "online_date:", and "ramp_months:" for a ramp), only planned and
// building sites have one, no facility states a stock (the analyses' tier
// defaults apply) and no demand is given (a destination needs what it
// receives now); every stockpile says in its notes whether its days are a
// target or a level.
func TestSeedTimesSayWhereTheyComeFrom(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	dated := 0
	for _, f := range ds.Facilities {
		if f.StockDays != nil {
			t.Errorf("%s states a stock of %v days; the seed leaves stocks to the tier defaults", f.ID, *f.StockDays)
		}
		if f.OnlineDate == "" {
			continue
		}
		dated++
		if f.Status != graph.Planned && f.Status != graph.Construction {
			t.Errorf("%s is %s but has an online date", f.ID, f.Status)
		}
		if !strings.Contains(f.Notes, "online_date: ") {
			t.Errorf("%s has online date %s but its notes do not say where it comes from (\"online_date: ...\")", f.ID, f.OnlineDate)
		}
		if f.RampMonths > 0 && !strings.Contains(f.Notes, "ramp_months: ") {
			t.Errorf("%s ramps over %d months but its notes do not say where that comes from (\"ramp_months: ...\")", f.ID, f.RampMonths)
		}
	}
	if dated == 0 {
		t.Error("no seed facility has an online date")
	}
	if len(ds.Demands) != 0 {
		t.Errorf("the seed gives %d demands; it gives none", len(ds.Demands))
	}
	if len(ds.Stockpiles) == 0 {
		t.Error("the seed has no stockpile")
	}
	for _, s := range ds.Stockpiles {
		if !strings.Contains(s.Notes, "target") && !strings.Contains(s.Notes, "level") {
			t.Errorf("stockpile %s %s does not say whether its %v days are a target or a level", s.Country, s.Element, s.Days)
		}
	}
}
