package graph

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
)

// Catalog is what a database holds, in short: enough to check the
// references of a merge import.
type Catalog struct {
	Facilities map[string]Tier
	Materials  map[string]bool
	Countries  map[string]bool
	// Contents holds material+"\x00"+element for every material default
	// content (one with no From).
	Contents map[string]bool
	// Sources maps the source registry's ids to their URLs.
	Sources map[string]string
}

// KindDiff counts how an import changes one kind of record.
type KindDiff struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
}

// DatasetDiff is how an import changes the graph, kind by kind.
type DatasetDiff struct {
	Countries  KindDiff `json:"countries"`
	Materials  KindDiff `json:"materials"`
	Facilities KindDiff `json:"facilities"`
	Flows      KindDiff `json:"flows"`
	Controls   KindDiff `json:"controls"`
	Contents   KindDiff `json:"contents"`
	Sources    KindDiff `json:"sources"`
	Stockpiles KindDiff `json:"stockpiles"`
	Demands    KindDiff `json:"demands"`
}

// Diff says what importing incoming into a graph holding current changes.
// With replace, whatever current holds that incoming does not is removed;
// otherwise (merge) it stays.
func Diff(current, incoming Dataset, replace bool) DatasetDiff {
	return DatasetDiff{
		Countries:  diffKind(current.Countries, incoming.Countries, func(c Country) string { return c.Code }, replace),
		Materials:  diffKind(current.Materials, incoming.Materials, func(m Material) string { return m.Code }, replace),
		Facilities: diffKind(current.Facilities, incoming.Facilities, func(f Facility) string { return f.ID }, replace),
		Flows:      diffKind(current.Flows, incoming.Flows, FlowKey, replace),
		Controls:   diffKind(current.Controls, incoming.Controls, func(c Control) string { return c.ID }, replace),
		Contents:   diffKind(current.Contents, incoming.Contents, ContentKey, replace),
		Sources:    diffKind(current.Sources, incoming.Sources, sourceKey, replace),
		Stockpiles: diffKind(current.Stockpiles, incoming.Stockpiles, StockpileKey, replace),
		Demands:    diffKind(current.Demands, incoming.Demands, DemandKey, replace),
	}
}

// FlowKey is the identity of a flow: its two facilities and its material.
func FlowKey(f Flow) string { return f.From + "\x00" + f.To + "\x00" + f.Material }

// StockpileKey is the identity of a stockpile: its country and element.
func StockpileKey(s Stockpile) string { return s.Country + "\x00" + s.Element }

// DemandKey is the identity of a demand: its facility and element.
func DemandKey(d Demand) string { return d.Facility + "\x00" + d.Element }

func diffKind[T any](current, incoming []T, key func(T) string, replace bool) KindDiff {
	have := make(map[string]T, len(current))
	for _, c := range current {
		have[key(c)] = c
	}
	var d KindDiff
	seen := make(map[string]bool, len(incoming))
	for _, in := range incoming {
		k := key(in)
		seen[k] = true
		old, ok := have[k]
		switch {
		case !ok:
			d.Added++
		case reflect.DeepEqual(normalize(old), normalize(in)):
			d.Unchanged++
		default:
			d.Updated++
		}
	}
	if replace {
		for k := range have {
			if !seen[k] {
				d.Removed++
			}
		}
	}
	return d
}

// normalize makes empty and nil slices equal for comparison.
func normalize[T any](v T) any {
	switch x := any(v).(type) {
	case Material:
		x.Sources = emptyNil(x.Sources)
		x.Elements = emptyNil(x.Elements)
		return x
	case Facility:
		x.Sources = emptyNil(x.Sources)
		return x
	case Flow:
		x.Sources = emptyNil(x.Sources)
		return x
	case Content:
		x.Sources = emptyNil(x.Sources)
		return x
	case Stockpile:
		x.Sources = emptyNil(x.Sources)
		return x
	case Demand:
		x.Sources = emptyNil(x.Sources)
		return x
	case Control:
		x.Sources = emptyNil(x.Sources)
		x.Elements = emptyNil(x.Elements)
		x.Materials = emptyNil(x.Materials)
		return x
	}
	return v
}

func emptyNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// Sort puts a dataset in a canonical order: countries, materials,
// facilities and controls by key, flows by (from, to, material), contents
// by ContentKey, sources by URL, stockpiles by (country, element) and
// demands by (facility, element).
func (ds *Dataset) Sort() {
	slices.SortFunc(ds.Countries, func(a, b Country) int { return cmpString(a.Code, b.Code) })
	slices.SortFunc(ds.Materials, func(a, b Material) int { return cmpString(a.Code, b.Code) })
	slices.SortFunc(ds.Facilities, func(a, b Facility) int { return cmpString(a.ID, b.ID) })
	// The keys compared field by field, in their order: the order of the
	// keys themselves, without building two strings a comparison.
	slices.SortFunc(ds.Flows, func(a, b Flow) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To), strings.Compare(a.Material, b.Material))
	})
	slices.SortFunc(ds.Controls, func(a, b Control) int { return cmpString(a.ID, b.ID) })
	slices.SortFunc(ds.Contents, func(a, b Content) int {
		return cmp.Or(strings.Compare(a.Material, b.Material), strings.Compare(a.Element, b.Element),
			strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	slices.SortFunc(ds.Sources, func(a, b Source) int { return cmpString(a.URL, b.URL) })
	slices.SortFunc(ds.Stockpiles, func(a, b Stockpile) int { return cmpString(StockpileKey(a), StockpileKey(b)) })
	slices.SortFunc(ds.Demands, func(a, b Demand) int { return cmpString(DemandKey(a), DemandKey(b)) })
}

// sourceKey is the identity of a registry entry: its URL.
func sourceKey(s Source) string { return s.URL }

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Stats summarise the graph for GET /stats.
type Stats struct {
	Facilities      int64
	Countries       int64 // distinct countries with a facility
	Flows           int64
	Controls        int64
	Materials       int64
	Contents        int64
	ByTier          []Count
	ByCountry       []Count
	ByMaterial      []Count // flows and their tonnes by material
	ByBasis         []Count
	FlowsEstimated  int64
	FlowsWithTonnes int64
	// Sourced counts the records of each kind that carry a source.
	FacilitiesSourced, FlowsSourced, ControlsSourced, MaterialsSourced, ContentsSourced int64
	// Tier1 and Denied count the records of each kind that cite a tier-1
	// source, and a denied one (a content farm).
	FacilitiesTier1, FlowsTier1, ControlsTier1, MaterialsTier1, ContentsTier1      int64
	FacilitiesDenied, FlowsDenied, ControlsDenied, MaterialsDenied, ContentsDenied int64
	// Sources counts the registry's entries, BySourceKind by kind.
	Sources      int64
	BySourceKind []Count
}

// Count is one row of a breakdown.
type Count struct {
	Key    string
	Count  int64
	Tonnes float64
}

// Merge returns what a merge import of incoming into a graph holding
// current makes: every record of both, incoming replacing current where
// their keys meet.
func Merge(current, incoming Dataset) Dataset {
	return Dataset{
		Countries:  mergeKind(current.Countries, incoming.Countries, func(c Country) string { return c.Code }),
		Materials:  mergeKind(current.Materials, incoming.Materials, func(m Material) string { return m.Code }),
		Facilities: mergeKind(current.Facilities, incoming.Facilities, func(f Facility) string { return f.ID }),
		Flows:      mergeKind(current.Flows, incoming.Flows, FlowKey),
		Controls:   mergeKind(current.Controls, incoming.Controls, func(c Control) string { return c.ID }),
		Contents:   mergeKind(current.Contents, incoming.Contents, ContentKey),
		Sources:    mergeKind(current.Sources, incoming.Sources, sourceKey),
		Stockpiles: mergeKind(current.Stockpiles, incoming.Stockpiles, StockpileKey),
		Demands:    mergeKind(current.Demands, incoming.Demands, DemandKey),
	}
}

func mergeKind[T any](current, incoming []T, key func(T) string) []T {
	out := make([]T, 0, len(current)+len(incoming))
	seen := make(map[string]bool, len(incoming))
	for _, in := range incoming {
		seen[key(in)] = true
	}
	for _, c := range current {
		if !seen[key(c)] {
			out = append(out, c)
		}
	}
	return append(out, incoming...)
}
