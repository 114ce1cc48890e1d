package neo4jstore

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// How saved scenarios are stored: a (:Scenario {name, spec, savedAt})
// node whose spec is a JSON document in one of the formats below. The
// formats belong to the store, not to the API: graph.Scenario's JSON names
// may change, these may not. A change to what is stored adds a format:
// a new struct, a new number in scenarioFormat, a case in decodeScenario
// that upgrades the old one, and a test with a spec saved by the old one.
// The conversions between graph.ControlSpec and the stored controls are
// struct conversions, so a field added to graph.ControlSpec fails to
// compile here until the format says how it is stored.
//
//	1  (until December 2026) the API's request body as it was, marshalled
//	   as is: {"name", "to", "element", "material", "controls": [{"id",
//	   "from", "to", "elements", "materials", "effective", "until",
//	   "reExports"}], "outages", "asOf"}, with no "format" key.
//	2  the same fields under the store's own names, with "format": 2 and
//	   without "name" (the node's name is the one name).
//	3  format 2 and "avoid": the countries, companies or facilities no
//	   supply may pass through (December 2026).
//	4  format 3, "start" and "durationDays": the scenario over time
//	   (December 2026).

// scenarioFormat is the format SaveScenario writes.
const scenarioFormat = 4

type scenarioV4 struct {
	Format       int         `json:"format"`
	To           string      `json:"to"`
	Element      string      `json:"element,omitempty"`
	Material     string      `json:"material,omitempty"`
	Controls     []controlV2 `json:"controls,omitempty"`
	Outages      []string    `json:"outages,omitempty"`
	Avoid        []string    `json:"avoid,omitempty"`
	AsOf         string      `json:"asOf,omitempty"`
	Start        string      `json:"start,omitempty"`
	DurationDays int         `json:"durationDays,omitempty"`
}

type scenarioV3 struct {
	Format   int         `json:"format"`
	To       string      `json:"to"`
	Element  string      `json:"element,omitempty"`
	Material string      `json:"material,omitempty"`
	Controls []controlV2 `json:"controls,omitempty"`
	Outages  []string    `json:"outages,omitempty"`
	Avoid    []string    `json:"avoid,omitempty"`
	AsOf     string      `json:"asOf,omitempty"`
}

type scenarioV2 struct {
	Format   int         `json:"format"`
	To       string      `json:"to"`
	Element  string      `json:"element,omitempty"`
	Material string      `json:"material,omitempty"`
	Controls []controlV2 `json:"controls,omitempty"`
	Outages  []string    `json:"outages,omitempty"`
	AsOf     string      `json:"asOf,omitempty"`
}

type controlV2 struct {
	ID        string   `json:"id,omitempty"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"`
	Elements  []string `json:"elements,omitempty"`
	Materials []string `json:"materials,omitempty"`
	Effective string   `json:"effective,omitempty"`
	Until     string   `json:"until,omitempty"`
	ReExports bool     `json:"reExports,omitempty"`
}

// scenarioV1 is format 1: the API's Scenario as it was marshalled.
type scenarioV1 struct {
	Name     string      `json:"name"`
	To       string      `json:"to"`
	Element  string      `json:"element"`
	Material string      `json:"material"`
	Controls []controlV1 `json:"controls"`
	Outages  []string    `json:"outages"`
	AsOf     string      `json:"asOf"`
}

type controlV1 struct {
	ID        string   `json:"id"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Elements  []string `json:"elements"`
	Materials []string `json:"materials"`
	Effective string   `json:"effective"`
	Until     string   `json:"until"`
	ReExports bool     `json:"reExports"`
}

func encodeScenario(sc graph.Scenario) (string, error) {
	v := scenarioV4{Format: scenarioFormat, To: sc.To, Element: sc.Element, Material: sc.Material, Outages: sc.Outages, Avoid: sc.Avoid, AsOf: sc.AsOf,
		Start: sc.Start, DurationDays: sc.DurationDays}
	for _, c := range sc.Controls {
		v.Controls = append(v.Controls, controlV2(c))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	return string(b), nil
}

// decodeScenario reads a stored spec of any format. A spec it cannot read
// is an Internal error naming the scenario and the format: the data is
// kept, and a newer build may read it.
func decodeScenario(name, spec string) (graph.Scenario, error) {
	var head struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal([]byte(spec), &head); err != nil {
		return graph.Scenario{}, &graph.Error{Kind: graph.Internal, Op: "scenario",
			Message: fmt.Sprintf("saved scenario %q is not JSON", name), Err: err}
	}
	format := 1
	if head.Format != nil {
		format = *head.Format
	}
	var v scenarioV4
	switch format {
	case 1:
		var v1 scenarioV1
		if err := strict(spec, &v1); err != nil {
			return graph.Scenario{}, unreadable(name, format, err)
		}
		v = v1.upgrade().upgrade().upgrade()
	case 2:
		var v2 scenarioV2
		if err := strict(spec, &v2); err != nil {
			return graph.Scenario{}, unreadable(name, format, err)
		}
		v = v2.upgrade().upgrade()
	case 3:
		var v3 scenarioV3
		if err := strict(spec, &v3); err != nil {
			return graph.Scenario{}, unreadable(name, format, err)
		}
		v = v3.upgrade()
	case 4:
		if err := strict(spec, &v); err != nil {
			return graph.Scenario{}, unreadable(name, format, err)
		}
	default:
		return graph.Scenario{}, graph.Errorf(graph.Internal, "scenario",
			"saved scenario %q is in format %d; this build reads formats 1 to %d (a newer Chokepoint saved it)", name, format, scenarioFormat)
	}
	sc := graph.Scenario{Name: name, To: v.To, Element: v.Element, Material: v.Material, Outages: v.Outages, Avoid: v.Avoid, AsOf: v.AsOf,
		Start: v.Start, DurationDays: v.DurationDays}
	for _, c := range v.Controls {
		sc.Controls = append(sc.Controls, graph.ControlSpec(c))
	}
	return sc, nil
}

// upgrade turns format 1 into format 2: the same fields, the name dropped
// (the node's name is the one name).
func (v scenarioV1) upgrade() scenarioV2 {
	out := scenarioV2{Format: 2, To: v.To, Element: v.Element, Material: v.Material, Outages: v.Outages, AsOf: v.AsOf}
	for _, c := range v.Controls {
		out.Controls = append(out.Controls, controlV2(c))
	}
	return out
}

// upgrade turns format 2 into format 3: nothing avoided.
func (v scenarioV2) upgrade() scenarioV3 {
	return scenarioV3{Format: 3, To: v.To, Element: v.Element, Material: v.Material, Controls: v.Controls, Outages: v.Outages, AsOf: v.AsOf}
}

// upgrade turns format 3 into format 4: not over time.
func (v scenarioV3) upgrade() scenarioV4 {
	return scenarioV4{Format: 4, To: v.To, Element: v.Element, Material: v.Material, Controls: v.Controls, Outages: v.Outages, Avoid: v.Avoid, AsOf: v.AsOf}
}

// strict decodes a spec, refusing fields its format does not have: a spec
// that has them was not written by that format.
func strict(spec string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(spec)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func unreadable(name string, format int, err error) error {
	return &graph.Error{Kind: graph.Internal, Op: "scenario",
		Message: fmt.Sprintf("saved scenario %q does not read as format %d", name, format), Err: err}
}
