package seed

import "github.com/chokepoint-dev/chokepoint/graph"

// SourceTally counts, for one kind of record, how many there are, how
// many cite at least one tier-1 source and how many cite a denied one.
type SourceTally struct {
	Records, Tier1, Denied int
}

// TallySources counts the dataset's records by their sources' kinds, per
// kind of record (facilities, flows, controls, materials, contents).
// A source's kind is its registry entry's, else its domain's.
func TallySources(ds graph.Dataset) map[string]SourceTally {
	kinds := make(map[string]graph.SourceKind, len(ds.Sources))
	for _, s := range ds.Sources {
		kinds[s.URL] = s.Kind
	}
	out := map[string]SourceTally{}
	add := func(kind string, p graph.Provenance) {
		t := out[kind]
		t.Records++
		tier1, denied := false, false
		for _, s := range p.Sources {
			k, ok := kinds[s]
			if !ok {
				k, _ = graph.Classify(s)
			}
			tier1 = tier1 || k.Tier1()
			denied = denied || k == graph.ContentFarm
		}
		if tier1 {
			t.Tier1++
		}
		if denied {
			t.Denied++
		}
		out[kind] = t
	}
	for _, r := range ds.Facilities {
		add("facilities", r.Provenance)
	}
	for _, r := range ds.Flows {
		add("flows", r.Provenance)
	}
	for _, r := range ds.Controls {
		add("controls", r.Provenance)
	}
	for _, r := range ds.Materials {
		add("materials", r.Provenance)
	}
	for _, r := range ds.Contents {
		add("contents", r.Provenance)
	}
	return out
}
