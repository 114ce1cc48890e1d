package seed

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// chainRank orders the tiers of the chain; a flow may stay on a rank or
// move down, never up. Recyclers and traders may send anywhere.
var chainRank = map[graph.Tier]int{
	graph.Mine: 0, graph.Separation: 1, graph.Refinery: 1, graph.Metal: 2,
	graph.Alloy: 3, graph.Magnet: 4, graph.OEM: 5,
}

// validate checks what no single row can: references, duplicates of flows
// and controls, and the tier order of flows.
func (r *reader) validate(ds *graph.Dataset) {
	r.registerCitations(ds)
	known := r.known
	if known == nil {
		known = &graph.Catalog{}
	}
	countries := map[string]bool{}
	for c := range known.Countries {
		countries[c] = true
	}
	for _, c := range ds.Countries {
		countries[c.Code] = true
	}
	checkCountry := func(file string, line int, field, code string) {
		if _, ok := graph.CountryCode(code); ok && len(countries) > 0 && !countries[code] {
			r.add(file, line, field, fmt.Sprintf("unknown country %q (not in %s)", code, CountriesFile))
		}
	}
	materials := map[string]bool{}
	for m := range known.Materials {
		materials[m] = true
	}
	for _, m := range ds.Materials {
		materials[m.Code] = true
	}
	tiers := map[string]graph.Tier{}
	maps.Copy(tiers, known.Facilities)
	for _, f := range ds.Facilities {
		tiers[f.ID] = f.Tier
		checkCountry(FacilitiesFile, r.facilityLine[f.ID], "country", f.Country)
	}
	type key struct{ from, to, material string }
	seen := map[key]int{}
	for i, f := range ds.Flows {
		line := r.flowLines[i]
		from, okFrom := tiers[f.From]
		to, okTo := tiers[f.To]
		if f.From != "" && !okFrom {
			r.add(FlowsFile, line, "from", fmt.Sprintf("unknown facility id %q", f.From))
		}
		if f.To != "" && !okTo {
			r.add(FlowsFile, line, "to", fmt.Sprintf("unknown facility id %q", f.To))
		}
		if f.Material != "" && !materials[f.Material] {
			r.add(FlowsFile, line, "material", fmt.Sprintf("unknown material %q (not in %s)", f.Material, MaterialsFile))
		}
		if f.From != "" && f.From == f.To {
			r.add(FlowsFile, line, "to", "a facility cannot supply itself")
		}
		if okFrom && okTo {
			rf, chainFrom := chainRank[from]
			rt, chainTo := chainRank[to]
			if chainFrom && chainTo && rt < rf {
				r.add(FlowsFile, line, "to", fmt.Sprintf("flow goes up the chain, from %s %s to %s %s (tier order: mine, separation/refinery, metal, alloy, magnet, OEM)", from, f.From, to, f.To))
			}
		}
		k := key{f.From, f.To, f.Material}
		if prev, dup := seen[k]; dup {
			r.add(FlowsFile, line, "material", fmt.Sprintf("duplicate flow %s -> %s of %s (first on line %d)", f.From, f.To, f.Material, prev))
		} else {
			seen[k] = line
		}
	}
	controlIDs := map[string]int{}
	for i, c := range ds.Controls {
		line := r.controlLines[i]
		if prev, dup := controlIDs[c.ID]; dup && c.ID != "" {
			r.add(ControlsFile, line, "id", fmt.Sprintf("duplicate control id %q (first on line %d)", c.ID, prev))
		} else {
			controlIDs[c.ID] = line
		}
		checkCountry(ControlsFile, line, "from", c.From)
		if c.To != "*" {
			checkCountry(ControlsFile, line, "to", c.To)
		}
		for _, m := range c.Materials {
			if !materials[m] {
				r.add(ControlsFile, line, "materials", fmt.Sprintf("unknown material %q (not in %s)", m, MaterialsFile))
			}
		}
	}
	r.validateStockpiles(ds, checkCountry)
	r.validateDemands(ds, tiers)
	r.validateContents(ds, known, tiers)
	r.validateCapacityUnits(ds, known)
	// Materials keep their elements in a stable order for matching.
	for i := range ds.Materials {
		slices.Sort(ds.Materials[i].Elements)
	}
}

// validateStockpiles checks that each stockpile's country is known and
// that no country has two stockpiles of one element.
func (r *reader) validateStockpiles(ds *graph.Dataset, checkCountry func(file string, line int, field, code string)) {
	seen := map[string]int{}
	for i, s := range ds.Stockpiles {
		line := r.stockpileLines[i]
		checkCountry(StockpilesFile, line, "country", s.Country)
		if s.Country == "" || s.Element == "" {
			continue
		}
		k := graph.StockpileKey(s)
		if prev, dup := seen[k]; dup {
			r.add(StockpilesFile, line, "element", fmt.Sprintf("duplicate stockpile of %s in %s (first on line %d)", s.Element, s.Country, prev))
			continue
		}
		seen[k] = line
	}
}

// validateDemands checks that each demand's facility exists (here or, for
// a merge, in the graph) and that no facility has two demands of one
// element.
func (r *reader) validateDemands(ds *graph.Dataset, tiers map[string]graph.Tier) {
	seen := map[string]int{}
	for i, d := range ds.Demands {
		line := r.demandLines[i]
		if _, ok := tiers[d.Facility]; d.Facility != "" && !ok {
			r.add(DemandsFile, line, "facility", fmt.Sprintf("unknown facility id %q", d.Facility))
		}
		if d.Facility == "" || d.Element == "" {
			continue
		}
		k := graph.DemandKey(d)
		if prev, dup := seen[k]; dup {
			r.add(DemandsFile, line, "element", fmt.Sprintf("duplicate demand of %s by %s (first on line %d)", d.Element, d.Facility, prev))
			continue
		}
		seen[k] = line
	}
}

// contentTolerance is how far above 1 the fractions of one scope may add up
// (rounding in the sources).
const contentTolerance = 1e-6

// validateContents checks the element contents: known materials,
// facilities and elements; each element a content names is one its
// material carries; no duplicates; the fractions of one scope sum to at
// most 1; and every element a material of the dataset lists has a default
// content (here or, for a merge, in the graph).
func (r *reader) validateContents(ds *graph.Dataset, known *graph.Catalog, tiers map[string]graph.Tier) {
	elements := map[string][]string{}
	for _, m := range ds.Materials {
		elements[m.Code] = m.Elements
	}
	knownMaterial := func(code string) bool {
		_, ok := elements[code]
		return ok || known.Materials[code]
	}
	seen := map[string]int{}
	type scope struct{ material, from, to string }
	sums := map[scope]float64{}
	firstLine := map[scope]int{}
	hasDefault := map[string]bool{}
	for k := range known.Contents {
		hasDefault[k] = true
	}
	for i, c := range ds.Contents {
		line := r.contentLines[i]
		if c.Material != "" && !knownMaterial(c.Material) {
			r.add(ContentsFile, line, "material", fmt.Sprintf("unknown material %q (not in %s)", c.Material, MaterialsFile))
		} else if els, ok := elements[c.Material]; ok && c.Element != "" && !slices.Contains(els, c.Element) {
			r.add(ContentsFile, line, "element", fmt.Sprintf("material %q does not list %s among its elements (%s): add it there first", c.Material, c.Element, strings.Join(els, ";")))
		}
		for _, end := range []struct{ field, id string }{{"from", c.From}, {"to", c.To}} {
			if _, ok := tiers[end.id]; end.id != "" && !ok {
				r.add(ContentsFile, line, end.field, fmt.Sprintf("unknown facility id %q", end.id))
			}
		}
		k := graph.ContentKey(c)
		if prev, dup := seen[k]; dup {
			r.add(ContentsFile, line, "element", fmt.Sprintf("duplicate content of %s in %s%s (first on line %d)", c.Element, c.Material, scopeText(c), prev))
			continue
		}
		seen[k] = line
		sc := scope{c.Material, c.From, c.To}
		sums[sc] += c.Fraction
		if _, ok := firstLine[sc]; !ok {
			firstLine[sc] = line
		}
		if c.From == "" {
			hasDefault[c.Material+"\x00"+c.Element] = true
		}
	}
	ct := graph.NewContentTable(ds.Contents)
	for sc, sum := range sums {
		if sum > 1+contentTolerance {
			r.add(ContentsFile, firstLine[sc], "fraction", fmt.Sprintf("the contents of %s%s add up to %.4g t per t, more than 1", sc.material, scopeText(graph.Content{From: sc.from, To: sc.to}), sum))
			continue
		}
		// An override falls back to the wider scope element by element:
		// what it leaves out still counts, and the whole must stay ≤ 1.
		els, ok := elements[sc.material]
		if sc.from == "" || !ok {
			continue
		}
		eff := 0.0
		for _, e := range els {
			eff += ct.Of(sc.material, e, sc.from, sc.to)
		}
		if eff > 1+contentTolerance {
			r.add(ContentsFile, firstLine[sc], "fraction", fmt.Sprintf("%s%s holds %.4g t per t with the elements it leaves to the default, more than 1: give those elements here too (0 where absent)", sc.material, scopeText(graph.Content{From: sc.from, To: sc.to}), eff))
		}
	}
	for _, m := range ds.Materials {
		var missing []string
		for _, e := range m.Elements {
			if !hasDefault[m.Code+"\x00"+e] {
				missing = append(missing, e)
			}
		}
		if len(missing) > 0 {
			r.add(MaterialsFile, r.materialLine[m.Code], "elements", fmt.Sprintf("material %q lists %s but %s gives no default content for it (a row with the material, the element, its fraction and no from)", m.Code, strings.Join(missing, ";"), ContentsFile))
		}
	}
}

func scopeText(c graph.Content) string {
	switch {
	case c.To != "":
		return fmt.Sprintf(" on the flow %s -> %s", c.From, c.To)
	case c.From != "":
		return " as shipped by " + c.From
	}
	return ""
}

// validateCapacityUnits checks that every capacity says what it counts in
// a unit the analyses can convert, and that a unit comes with a capacity.
func (r *reader) validateCapacityUnits(ds *graph.Dataset, known *graph.Catalog) {
	materials := slices.Clone(ds.Materials)
	for code := range known.Materials {
		materials = append(materials, graph.Material{Code: code})
	}
	for _, f := range ds.Facilities {
		if f.CapacityUnit == "" {
			continue
		}
		line := r.facilityLine[f.ID]
		if f.Capacity == nil {
			r.add(FacilitiesFile, line, "capacity", fmt.Sprintf("is required when capacity_unit is given (%q)", f.CapacityUnit))
			continue
		}
		if _, err := graph.ParseCapacityUnit(f.CapacityUnit, materials); err != nil {
			r.add(FacilitiesFile, line, "capacity_unit", err.Error())
		}
	}
}
