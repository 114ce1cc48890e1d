package seed

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// WriteGraphML writes a dataset as GraphML (for Gephi, yEd, NetworkX):
// countries, materials, facilities, the elements of the contents,
// stockpiles and demands as nodes; SUPPLIES, LOCATED_IN, RESTRICTS,
// CONTAINS (material -> element, with its fraction and scope), HOLDS
// (country -> stockpile) and NEEDS (facility -> demand) as directed edges,
// as the graph holds them in Neo4j. Lists are joined with ";".
func WriteGraphML(w io.Writer, ds graph.Dataset) error {
	bw := bufio.NewWriter(w)
	recs := Records(ds)
	type key struct{ id, domain, name string }
	var keys []key
	keyIDs := map[string]string{}
	addKeys := func(domain, prefix string, cols []string) {
		for _, c := range cols {
			id := prefix + "_" + c
			if _, ok := keyIDs[id]; ok {
				continue
			}
			keyIDs[id] = c
			keys = append(keys, key{id, domain, c})
		}
	}
	addKeys("node", "n", []string{"kind"})
	addKeys("node", "n", columns[FacilitiesFile])
	addKeys("node", "n", columns[CountriesFile])
	addKeys("node", "n", columns[MaterialsFile])
	addKeys("node", "n", []string{"symbol"})
	addKeys("node", "n", columns[StockpilesFile])
	addKeys("node", "n", columns[DemandsFile])
	addKeys("edge", "e", []string{"type"})
	addKeys("edge", "e", columns[FlowsFile])
	addKeys("edge", "e", columns[ControlsFile])
	addKeys("edge", "e", columns[ContentsFile])

	fmt.Fprintln(bw, xml.Header+`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`)
	for _, k := range keys {
		fmt.Fprintf(bw, "  <key id=%q for=%q attr.name=%q attr.type=\"string\"/>\n", k.id, k.domain, k.name)
	}
	fmt.Fprintln(bw, `  <graph id="chokepoint" edgedefault="directed">`)
	data := func(prefix string, cols []string, r map[string]string) {
		for _, c := range cols {
			if v := r[c]; v != "" {
				fmt.Fprintf(bw, "      <data key=%q>%s</data>\n", prefix+"_"+c, escapeXML(v))
			}
		}
	}
	node := func(id, kind string, cols []string, r map[string]string) {
		fmt.Fprintf(bw, "    <node id=%q>\n      <data key=\"n_kind\">%s</data>\n", id, kind)
		data("n", cols, r)
		fmt.Fprintln(bw, "    </node>")
	}
	for _, r := range recs[CountriesFile] {
		node("country:"+r["code"], "Country", columns[CountriesFile], r)
	}
	for _, r := range recs[MaterialsFile] {
		node("material:"+r["code"], "Material", columns[MaterialsFile], r)
	}
	for _, r := range recs[FacilitiesFile] {
		node(r["id"], "Facility", columns[FacilitiesFile], r)
	}
	elements := map[string]bool{}
	for _, c := range ds.Contents {
		elements[c.Element] = true
	}
	for _, e := range slices.Sorted(maps.Keys(elements)) {
		node("element:"+e, "Element", []string{"symbol"}, map[string]string{"symbol": e})
	}
	for _, r := range recs[StockpilesFile] {
		node(stockpileNode(r), "Stockpile", columns[StockpilesFile], r)
	}
	for _, r := range recs[DemandsFile] {
		node(demandNode(r), "Demand", columns[DemandsFile], r)
	}
	hasAll := false
	for _, r := range recs[ControlsFile] {
		hasAll = hasAll || r["to"] == "*"
	}
	if hasAll {
		node("country:*", "AllCountries", []string{"name"}, map[string]string{"name": "every country"})
	}
	n := 0
	edge := func(from, to, typ string, cols []string, r map[string]string) {
		n++
		fmt.Fprintf(bw, "    <edge id=\"e%d\" source=%q target=%q>\n      <data key=\"e_type\">%s</data>\n", n, from, to, typ)
		data("e", cols, r)
		fmt.Fprintln(bw, "    </edge>")
	}
	for _, f := range ds.Facilities {
		edge(f.ID, "country:"+f.Country, "LOCATED_IN", nil, nil)
	}
	for _, r := range recs[FlowsFile] {
		edge(r["from"], r["to"], "SUPPLIES", columns[FlowsFile], r)
	}
	for _, r := range recs[ControlsFile] {
		edge("country:"+r["from"], "country:"+r["to"], "RESTRICTS", columns[ControlsFile], r)
	}
	for _, r := range recs[ContentsFile] {
		edge("material:"+r["material"], "element:"+r["element"], "CONTAINS", columns[ContentsFile], r)
	}
	for _, r := range recs[StockpilesFile] {
		edge("country:"+r["country"], stockpileNode(r), "HOLDS", nil, nil)
	}
	for _, r := range recs[DemandsFile] {
		edge(r["facility"], demandNode(r), "NEEDS", nil, nil)
	}
	fmt.Fprintln(bw, "  </graph>\n</graphml>")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write graphml: %w", err)
	}
	return nil
}

// stockpileNode and demandNode are the GraphML node ids of a stockpile
// and a demand record: unique, as their keys are.
func stockpileNode(r map[string]string) string {
	return "stockpile:" + r["country"] + ":" + r["element"]
}

func demandNode(r map[string]string) string { return "demand:" + r["facility"] + ":" + r["element"] }

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
