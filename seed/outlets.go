package seed

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// The outlet table says what kind of publisher a web domain is: which
// press and trade press are recognised (tier 1), which sites only repost
// (aggregators) and which are denied (content farms, staging sites). See
// "Sources" in FORMAT.md for the rule.
//
//go:embed policy/outlets.csv
var outletsCSV string

// Outlet is a row of the outlet table.
type Outlet struct {
	Domain    string
	Publisher string
	Kind      graph.SourceKind
}

var outlets = sync.OnceValues(func() (map[string]Outlet, error) {
	rows, err := csv.NewReader(strings.NewReader(outletsCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("policy/outlets.csv: %w", err)
	}
	m := make(map[string]Outlet, len(rows))
	for i, r := range rows[1:] {
		if len(r) < 3 {
			return nil, fmt.Errorf("policy/outlets.csv: line %d: want domain,publisher,kind", i+2)
		}
		k, ok := graph.Word(r[2], graph.SourceKinds)
		if !ok {
			return nil, fmt.Errorf("policy/outlets.csv: line %d: kind: %s", i+2, graph.WordError(r[2], graph.SourceKinds))
		}
		d := strings.ToLower(strings.TrimSpace(r[0]))
		if _, dup := m[d]; dup {
			return nil, fmt.Errorf("policy/outlets.csv: line %d: duplicate domain %q", i+2, d)
		}
		m[d] = Outlet{Domain: d, Publisher: r[1], Kind: k}
	}
	return m, nil
})

// Classify says what kind of source a citation is and who publishes it:
// the outlet table's entry for its domain or the nearest parent domain
// (news.metal.com, then metal.com), else a government or academic domain
// by its suffix (.gov, .gov.cn, .go.jp, .mil, .edu, .ac.uk, ...), else
// other. A citation that is not a URL (a document reference) is other.
func Classify(source string) (graph.SourceKind, string) {
	u, err := url.Parse(strings.TrimSpace(source))
	if err != nil || u.Host == "" {
		return graph.OtherSource, ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	table, err := outlets()
	if err != nil {
		panic(err) // the embedded table is checked by a test
	}
	for d := host; d != ""; {
		if o, ok := table[d]; ok {
			return o.Kind, o.Publisher
		}
		_, rest, ok := strings.Cut(d, ".")
		if !ok || !strings.Contains(rest, ".") {
			break
		}
		d = rest
	}
	labels := strings.Split(host, ".")
	for _, l := range labels[1:] {
		switch l {
		case "gov", "go", "mil", "gouv", "gob", "govt":
			return graph.GovernmentSource, ""
		case "edu", "ac":
			return graph.AcademicSource, ""
		}
	}
	return graph.OtherSource, ""
}

// SourceTally counts, for one kind of record, how many there are, how
// many cite at least one tier-1 source and how many cite a denied one.
type SourceTally struct {
	Records, Tier1, Denied int
}

// TallySources counts the dataset's records by their sources' kinds, per
// kind of record (facilities, flows, controls, materials, contents).
func TallySources(ds graph.Dataset) map[string]SourceTally {
	out := map[string]SourceTally{}
	add := func(kind string, p graph.Provenance) {
		t := out[kind]
		t.Records++
		tier1, denied := false, false
		for _, s := range p.Sources {
			k, _ := Classify(s)
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
