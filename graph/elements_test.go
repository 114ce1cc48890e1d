package graph

import (
	"strings"
	"testing"
)

func TestParseElement(t *testing.T) {
	for _, c := range []struct{ in, symbol, unit string }{
		{"", "NdPr", "t Nd+Pr/yr"}, {"NdPr", "NdPr", "t Nd+Pr/yr"}, {"ndpr", "NdPr", "t Nd+Pr/yr"},
		{"Dy", "Dy", "t Dy/yr"}, {"DyTb", "DyTb", "t Dy+Tb/yr"}, {"REE", "REE", "t REE/yr"}, {"REO", "REE", "t REE/yr"},
		{"Sm", "Sm", "t Sm/yr"},
	} {
		el, err := ParseElement(c.in)
		if err != nil || el.Symbol != c.symbol || el.Unit() != c.unit {
			t.Errorf("ParseElement(%q) = %v %q, %v; want %s %q", c.in, el.Symbol, el.Unit(), err, c.symbol, c.unit)
		}
	}
	for _, bad := range []string{"dy", "Xx", "Fe", "Nd,Pr"} {
		if _, err := ParseElement(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseElement(%q): %v, want an error naming it", bad, err)
		}
	}
}

// TestParseCapacityUnit covers the grammar and every unit the seed uses
// (the seed's own test checks that each of its units parses).
func TestParseCapacityUnit(t *testing.T) {
	mats := []Material{{Code: "reo", Name: "Rare-earth oxides, total"}, {Code: "ndpr-oxide", Name: "NdPr oxide"},
		{Code: "ndfeb-sintered-magnet", Name: "Sintered NdFeB magnet"}}
	for _, c := range []struct {
		in   string
		want CapacityUnit
	}{
		{"t REO/yr", CapacityUnit{Material: "reo"}},
		{"t NdPr oxide/yr", CapacityUnit{Material: "ndpr-oxide"}},
		{"tonnes ndpr-oxide/year", CapacityUnit{Material: "ndpr-oxide"}},
		{"t Sintered NdFeB magnet/yr", CapacityUnit{Material: "ndfeb-sintered-magnet"}},
		{"t NdPr/yr", CapacityUnit{Element: "NdPr"}},
		{"t Dy/yr", CapacityUnit{Element: "Dy"}},
		{"T DYTB per year", CapacityUnit{Element: "DyTb"}},
	} {
		got, err := ParseCapacityUnit(c.in, mats)
		if err != nil || got != c.want {
			t.Errorf("ParseCapacityUnit(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"t/yr", "tonnes/yr", "t/yr separation capacity", "t REO/yr in MREC", "t magnets/yr", "vehicles/yr", "", "t /yr", "kg REO/yr"} {
		if _, err := ParseCapacityUnit(bad, mats); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("ParseCapacityUnit(%q): %v, want an error quoting it", bad, err)
		}
	}
}

func TestContentTableScopes(t *testing.T) {
	ct := NewContentTable([]Content{
		{Material: "c", Element: "Nd", Fraction: 0.1}, {Material: "c", Element: "Pr", Fraction: 0.03},
		{Material: "c", Element: "Nd", Fraction: 0.2, From: "MINE"},
		{Material: "c", Element: "Nd", Fraction: 0.3, From: "MINE", To: "SEP"},
	})
	for _, c := range []struct {
		from, to string
		nd, pr   float64
	}{{"", "", 0.1, 0.03}, {"OTHER", "SEP", 0.1, 0.03}, {"MINE", "", 0.2, 0.03}, {"MINE", "X", 0.2, 0.03}, {"MINE", "SEP", 0.3, 0.03}} {
		if nd, pr := ct.Of("c", "Nd", c.from, c.to), ct.Of("c", "Pr", c.from, c.to); nd != c.nd || pr != c.pr {
			t.Errorf("content of c from %q to %q: Nd %v Pr %v, want %v %v", c.from, c.to, nd, pr, c.nd, c.pr)
		}
	}
}

func TestCheckMassBalance(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	ds := Dataset{
		Materials: []Material{{Code: "conc", Elements: []string{"Nd", "Pr"}}, {Code: "oxide", Elements: []string{"Nd", "Pr"}}, {Code: "reo", Elements: []string{"Nd", "Pr", "La"}}},
		Contents: []Content{
			{Material: "conc", Element: "Nd", Fraction: 0.06}, {Material: "conc", Element: "Pr", Fraction: 0.02},
			{Material: "oxide", Element: "Nd", Fraction: 0.64}, {Material: "oxide", Element: "Pr", Fraction: 0.21},
			{Material: "reo", Element: "Nd", Fraction: 0.1}, {Material: "reo", Element: "Pr", Fraction: 0.03}, {Material: "reo", Element: "La", Fraction: 0.3},
		},
		Facilities: []Facility{
			{ID: "MINE", Tier: Mine, Capacity: f(1000), CapacityUnit: "t REO/yr"}, // 130 t NdPr
			{ID: "SEP", Tier: Separation},
			{ID: "SEP2", Tier: Separation, Notes: "Mass balance: its feed is not in the data."},
			{ID: "MAG", Tier: Magnet},
		},
		Flows: []Flow{
			{From: "MINE", To: "SEP", Material: "conc", TonnesPerYear: f(1500)}, // 120 t NdPr ≤ 130
			{From: "SEP", To: "MAG", Material: "oxide", TonnesPerYear: f(200)},  // 170 t NdPr > 120
			{From: "SEP2", To: "MAG", Material: "oxide", TonnesPerYear: f(10)},  // 8.5 t, receives nothing
			{From: "MAG", To: "SEP2", Material: "oxide", TonnesPerYear: nil},    // (a back flow of unknown tonnes)
		},
	}
	mb := CheckMassBalance(ds, "")
	if len(mb.Imbalances) != 1 || mb.Imbalances[0].Facility != "SEP" || mb.Imbalances[0].Element != "NdPr" ||
		mb.Imbalances[0].Received != 120 || mb.Imbalances[0].Shipped != 170 || mb.Imbalances[0].Explained {
		t.Fatalf("imbalances %+v, want SEP shipping 170 t NdPr of 120 received", mb.Imbalances)
	}
	if mb.Unchecked != 1 { // SEP2 receives a flow of unknown tonnes
		t.Fatalf("unchecked %d, want 1", mb.Unchecked)
	}
	ds.Flows[3].TonnesPerYear = f(0)
	mb = CheckMassBalance(ds, "")
	if len(mb.Imbalances) != 2 || mb.Imbalances[1].Facility != "SEP2" || !mb.Imbalances[1].Explained || mb.Explained() != 1 {
		t.Fatalf("imbalances %+v, want SEP and SEP2 (explained)", mb.Imbalances)
	}
	ds.Flows[0].TonnesPerYear = f(1700) // 136 t NdPr from a mine producing 130: within 5% + 1 t
	if mb = CheckMassBalance(ds, ""); mb.Imbalances[0].Facility != "SEP" || mb.Imbalances[0].Received != 136 {
		t.Fatalf("imbalances %+v", mb.Imbalances)
	}
	ds.Flows[0].TonnesPerYear = f(1800) // 144 t from 130: the mine is out of balance
	if mb = CheckMassBalance(ds, ""); mb.Imbalances[0].Facility != "MINE" || mb.Imbalances[0].Produced != 130 {
		t.Fatalf("imbalances %+v, want the mine first", mb.Imbalances)
	}
}
