package seed_test

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/seed/seedtest"
)

type graphML struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"name,attr"`
	} `xml:"key"`
	Graph struct {
		Nodes []struct {
			ID   string   `xml:"id,attr"`
			Data []gmData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string   `xml:"source,attr"`
			Target string   `xml:"target,attr"`
			Data   []gmData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type gmData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func dataMap(list []gmData) map[string]string {
	m := map[string]string{}
	for _, d := range list {
		m[d.Key] = d.Value
	}
	return m
}

// TestGraphMLHasElementsAndContains checks that GraphML carries one Element
// node per element of the contents and one CONTAINS edge per content, from
// the material's node to the element's, with its fraction, its bounds,
// scope and provenance.
func TestGraphMLHasElementsAndContains(t *testing.T) {
	ds := seedtest.Contents()
	var buf bytes.Buffer
	if err := seed.WriteGraphML(&buf, ds); err != nil {
		t.Fatal(err)
	}
	var doc graphML
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	keys := map[string]bool{}
	for _, k := range doc.Keys {
		keys[k.ID] = true
	}
	var elements []string
	for _, n := range doc.Graph.Nodes {
		d := dataMap(n.Data)
		if d["n_kind"] == "Element" {
			elements = append(elements, n.ID+" "+d["n_symbol"])
		}
	}
	if diff := cmp.Diff([]string{"element:Nd Nd", "element:Pr Pr"}, elements); diff != "" {
		t.Errorf("Element nodes (-want +got):\n%s", diff)
	}
	var contains []map[string]string
	for _, e := range doc.Graph.Edges {
		d := dataMap(e.Data)
		if d["e_type"] != "CONTAINS" {
			continue
		}
		for k := range d {
			if !keys[k] {
				t.Errorf("edge data key %q is not declared", k)
			}
		}
		d["source"], d["target"] = e.Source, e.Target
		delete(d, "e_type")
		contains = append(contains, d)
	}
	src := "https://example.org/a;https://example.org/b"
	want := []map[string]string{
		{"source": "material:ndpr-oxide", "target": "element:Nd", "e_material": "ndpr-oxide", "e_element": "Nd", "e_fraction": "0.643", "e_sources": src, "e_as_of": "2025-06-01", "e_confidence": "medium"},
		{"source": "material:ndpr-oxide", "target": "element:Pr", "e_material": "ndpr-oxide", "e_element": "Pr", "e_fraction": "0.214", "e_sources": src, "e_as_of": "2025-06-01", "e_confidence": "medium"},
		{"source": "material:ndpr-oxide", "target": "element:Nd", "e_material": "ndpr-oxide", "e_element": "Nd", "e_fraction": "0.6", "e_fraction_low": "0.58", "e_fraction_high": "0.625", "e_from": "A", "e_notes": "A's grade", "e_sources": src, "e_as_of": "2025-06-01", "e_confidence": "medium"},
		{"source": "material:ndpr-oxide", "target": "element:Pr", "e_material": "ndpr-oxide", "e_element": "Pr", "e_fraction": "0.25", "e_from": "A", "e_to": "B", "e_sources": src, "e_as_of": "2025-06-01", "e_confidence": "medium"},
	}
	if diff := cmp.Diff(want, contains); diff != "" {
		t.Errorf("CONTAINS edges (-want +got):\n%s", diff)
	}
}
