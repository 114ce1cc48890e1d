package seed

import (
	"fmt"
	"slices"

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
		if len(countries) > 0 && code != "" && countryCodeRe.MatchString(code) && !countries[code] {
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
	for id, t := range known.Facilities {
		tiers[id] = t
	}
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
		if c.From != "" && !countryCodeRe.MatchString(c.From) {
			r.add(ControlsFile, line, "from", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code", c.From))
		}
		if c.To != "" && c.To != "*" && !countryCodeRe.MatchString(c.To) {
			r.add(ControlsFile, line, "to", fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code or *", c.To))
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
	// Materials keep their elements in a stable order for matching.
	for i := range ds.Materials {
		slices.Sort(ds.Materials[i].Elements)
	}
}
