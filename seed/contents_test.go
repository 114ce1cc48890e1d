package seed_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestContentsProblems: each bad content or capacity unit is reported with
// its file, line, field and value, and nothing is read.
func TestContentsProblems(t *testing.T) {
	row := func(s string) string { return s + ",https://example.org/c,2025-01-01,medium,\n" }
	for _, c := range []struct {
		name, file, text, want string
	}{
		{"fraction above 1", "contents.csv", contentsCSV + row("ndpr-oxide,Nd,1.2,LAMP,"), "contents.csv:9: fraction: 1.2 is outside [0, 1]"},
		{"sum above 1", "contents.csv", contentsCSV + row("ndpr-oxide,Nd,0.9,LAMP,") + row("ndpr-oxide,Pr,0.2,LAMP,"), "contents.csv:9: fraction: the contents of ndpr-oxide as shipped by LAMP add up to 1.1 t per t, more than 1"},
		{"override above 1 with the defaults", "contents.csv", contentsCSV + row("mixed-concentrate,La,0.8,MTW_MINE,"), "contents.csv:6: fraction: mixed-concentrate as shipped by MTW_MINE holds 1.035 t per t with the elements it leaves to the default"},
		{"unknown element", "contents.csv", contentsCSV + row("ndpr-oxide,Fe,0.1,,"), `contents.csv:9: element: "Fe" is not a rare-earth element symbol`},
		{"element the material does not list", "contents.csv", contentsCSV + row("ndpr-oxide,Dy,0.1,,"), `contents.csv:9: element: material "ndpr-oxide" does not list Dy`},
		{"unknown facility", "contents.csv", contentsCSV + row("ndpr-oxide,Nd,0.6,NOPE,"), `contents.csv:9: from: unknown facility id "NOPE"`},
		{"to without from", "contents.csv", contentsCSV + row("ndpr-oxide,Nd,0.6,,LAMP"), "contents.csv:9: to: a flow's content needs from as well as to"},
		{"duplicate", "contents.csv", contentsCSV + row("ndpr-oxide,Nd,0.6,,"), "contents.csv:9: element: duplicate content of Nd in ndpr-oxide (first on line 7)"},
		{"missing default", "contents.csv", strings.Replace(contentsCSV, row("mixed-concentrate,Ce,0.15,,"), "", 1), `materials.csv:2: elements: material "mixed-concentrate" lists Ce but contents.csv gives no default content`},
		{"unit without material", "facilities.csv", strings.Replace(facilitiesCSV, "t NdPr oxide/yr", "t/yr", 1), `facilities.csv:3: capacity_unit: unknown unit "t/yr"`},
		{"unit in words", "facilities.csv", strings.Replace(facilitiesCSV, "t NdPr oxide/yr", "tonnes/yr", 1), `facilities.csv:3: capacity_unit: unknown unit "tonnes/yr"`},
		{"unit with a qualifier", "facilities.csv", strings.Replace(facilitiesCSV, "t NdPr oxide/yr", "t/yr separation capacity", 1), `facilities.csv:3: capacity_unit: unknown unit "t/yr separation capacity"`},
		{"unit without capacity", "facilities.csv", strings.Replace(facilitiesCSV, "10500,t NdPr oxide/yr", ",t NdPr oxide/yr", 1), `facilities.csv:3: capacity: is required when capacity_unit is given`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := seed.Read(files(map[string]string{c.file: c.text}), seed.Options{})
			var inv *seed.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("got %v, want an *InvalidError", err)
			}
			for _, p := range inv.Problems {
				if strings.HasPrefix(p.String(), c.want) {
					return
				}
			}
			t.Fatalf("problems %v; want one starting %q", inv.Problems, c.want)
		})
	}
}

// TestContentsReadAndWritten: contents survive a CSV and a JSON round trip.
func TestContentsReadAndWritten(t *testing.T) {
	ds, err := seed.Read(files(nil), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Contents) != 7 || ds.Contents[4].From != "MTW_MINE" || ds.Contents[4].Fraction != 0.07 {
		t.Fatalf("contents %+v", ds.Contents)
	}
	var b strings.Builder
	if err := seed.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	back, err := seed.ReadJSON("x.json", strings.NewReader(b.String()), seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Contents) != len(ds.Contents) || !reflect.DeepEqual(back.Contents, ds.Contents) {
		t.Fatalf("after JSON: %+v", back.Contents)
	}
}
