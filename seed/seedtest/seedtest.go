// Package seedtest holds datasets that the tests of several packages share.
package seedtest

import "github.com/chokepoint-dev/chokepoint/graph"

// Contents is a small dataset with a default, a facility-scoped and a
// flow-scoped content of one material; the facility's carries bounds.
func Contents() graph.Dataset {
	p := graph.Provenance{Sources: []string{"https://example.org/a", "https://example.org/b"}, AsOf: "2025-06-01", Confidence: "medium"}
	return graph.Dataset{
		Countries:  []graph.Country{{Code: "AU", Name: "Australia"}, {Code: "MY", Name: "Malaysia"}},
		Materials:  []graph.Material{{Code: "ndpr-oxide", Name: "NdPr oxide", Stage: "oxide", Elements: []string{"Nd", "Pr"}, Provenance: p}},
		Facilities: []graph.Facility{{ID: "A", Name: "A", Tier: graph.Separation, Country: "AU", Status: "operating", Provenance: p}, {ID: "B", Name: "B", Tier: graph.Metal, Country: "MY", Status: "operating", Provenance: p}},
		Flows:      []graph.Flow{{From: "A", To: "B", Material: "ndpr-oxide", Basis: "reported", Provenance: p}},
		Contents: []graph.Content{
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.643, Provenance: p},
			{Material: "ndpr-oxide", Element: "Pr", Fraction: 0.214, Provenance: p},
			{Material: "ndpr-oxide", Element: "Nd", Fraction: 0.6, FractionLow: new(0.58), FractionHigh: new(0.625), From: "A", Notes: "A's grade", Provenance: p},
			{Material: "ndpr-oxide", Element: "Pr", Fraction: 0.25, From: "A", To: "B", Provenance: p},
		},
	}
}
