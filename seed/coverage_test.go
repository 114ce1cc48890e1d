package seed_test

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// coverage computes from a dataset the published totals of
// reference/coverage.csv, on one date (flows valid then, between
// facilities operating):
//   - mine:CC, mine output of country CC in t REO: each flow out of a mine
//     in t REE (its element content) over the REE in a tonne of REO as that
//     mine ships it (contents.csv, material reo);
//   - share:separation, share:magnets: China's share of what leaves the
//     separation plants (t REE; refineries that crack concentrate into
//     mixed carbonate, as Kalgoorlie does, separate nothing) and the
//     magnet makers (t of magnets);
//   - share:jp-imports: China's share of what facilities in Japan receive
//     from abroad, in t REE.
func coverage(ds graph.Dataset, asOf string) map[string]float64 {
	ree, err := graph.ParseElement("REE")
	if err != nil {
		panic(err)
	}
	ct := graph.NewContentTable(ds.Contents)
	fac := map[string]graph.Facility{}
	for _, f := range ds.Facilities {
		fac[f.ID] = f
	}
	out := map[string]float64{}
	var sepAll, sepCN, magAll, magCN, jpAll, jpCN float64
	for _, fl := range ds.Flows {
		if fl.TonnesPerYear == nil || (fl.ValidFrom != "" && fl.ValidFrom > asOf) || (fl.ValidTo != "" && fl.ValidTo < asOf) {
			continue
		}
		from, to := fac[fl.From], fac[fl.To]
		if from.Status != graph.Operating || to.Status != graph.Operating {
			continue // the published totals are of what was produced
		}
		t := *fl.TonnesPerYear
		el := t * ct.Sum(fl.Material, ree, fl.From, fl.To)
		switch from.Tier {
		case graph.Mine:
			if per := ct.Sum("reo", ree, fl.From, ""); per > 0 {
				out["mine:"+from.Country] += el / per
				out["mine:world"] += el / per
			}
		case graph.Separation:
			sepAll += el
			if from.Country == "CN" {
				sepCN += el
			}
		case graph.Magnet:
			magAll += t
			if from.Country == "CN" {
				magCN += t
			}
		}
		if to.Country == "JP" && from.Country != "JP" {
			jpAll += el
			if from.Country == "CN" {
				jpCN += el
			}
		}
	}
	share := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return 100 * a / b
	}
	out["share:separation"] = share(sepCN, sepAll)
	out["share:magnets"] = share(magCN, magAll)
	out["share:jp-imports"] = share(jpCN, jpAll)
	out["share:mine-cn"] = share(out["mine:CN"], out["mine:world"])
	return out
}

// TestCoverageAgainstPublishedTotals compares the seed with published
// totals (USGS, IEA, Japanese customs and press; reference/coverage.csv,
// each row with its own source). A row with a tolerance must match within
// it; a row with a gap note is reported, not asserted: the note says why
// the seed does not model it.
func TestCoverageAgainstPublishedTotals(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("reference/coverage.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	got := coverage(ds, "2024-12-31")
	slices.SortFunc(rows[1:], func(a, b []string) int { return cmp.Compare(a[col["measure"]], b[col["measure"]]) })
	for _, r := range rows[1:] {
		measure, unit := r[col["measure"]], r[col["unit"]]
		num := func(name string) float64 {
			v, err := strconv.ParseFloat(r[col[name]], 64)
			if err != nil {
				return math.NaN()
			}
			return v
		}
		value, low, high, tol := num("value"), num("low"), num("high"), num("tolerance")
		if math.IsNaN(low) {
			low, high = value, value
		}
		g := got[measure]
		lo, hi := low*(1-tol), high*(1+tol)
		if unit == "%" {
			lo, hi = low-tol, high+tol // percentage points
		}
		within := g >= lo && g <= hi
		published := r[col["value"]]
		if r[col["low"]] != "" {
			published = r[col["low"]] + "–" + r[col["high"]]
		}
		t.Logf("%-17s seed %9.1f %-5s published %-9s %-7s %s", measure, g, unit, published,
			map[bool]string{true: "within", false: "outside"}[within], r[col["publisher"]])
		switch gap := r[col["gap"]]; {
		case gap != "":
			t.Logf("  not asserted: %s", gap)
		case math.IsNaN(tol):
			t.Errorf("%s: no tolerance and no gap note", measure)
		case !within:
			t.Errorf("%s: seed %.1f %s, published %.1f (range %.1f–%.1f, tolerance %v): outside %.1f–%.1f", measure, g, unit, value, low, high, tol, lo, hi)
		}
	}
}
