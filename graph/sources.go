package graph

import (
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// The outlet table says what kind of publisher a web domain is: which
// press and trade press are recognised (tier 1), which sites only repost
// (aggregators) and which are denied (content farms, staging sites). See
// "Sources" in seed/FORMAT.md for the rule.
//
//go:embed outlets.csv
var outletsCSV string

// Outlet is a row of the outlet table.
type Outlet struct {
	Domain    string
	Publisher string
	Kind      SourceKind
}

var outlets = sync.OnceValues(func() (map[string]Outlet, error) {
	rows, err := csv.NewReader(strings.NewReader(outletsCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("outlets.csv: %w", err)
	}
	m := make(map[string]Outlet, len(rows))
	for i, r := range rows[1:] {
		if len(r) < 3 {
			return nil, fmt.Errorf("outlets.csv: line %d: want domain,publisher,kind", i+2)
		}
		k, ok := Word(r[2], SourceKinds)
		if !ok {
			return nil, fmt.Errorf("outlets.csv: line %d: kind: %s", i+2, WordError(r[2], SourceKinds))
		}
		d := strings.ToLower(strings.TrimSpace(r[0]))
		if _, dup := m[d]; dup {
			return nil, fmt.Errorf("outlets.csv: line %d: duplicate domain %q", i+2, d)
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
func Classify(source string) (SourceKind, string) {
	u, err := url.Parse(strings.TrimSpace(source))
	if err != nil || u.Host == "" {
		return OtherSource, ""
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
			return GovernmentSource, ""
		case "edu", "ac":
			return AcademicSource, ""
		}
	}
	return OtherSource, ""
}

// AutoSource is the registry entry of a URL cited without one.
func AutoSource(u string) Source {
	kind, publisher := Classify(u)
	host := SourceHost(u)
	switch {
	case publisher != "":
	case host != "":
		publisher = host
	default:
		publisher = "not given" // a document reference, not a URL
	}
	sum := sha256.Sum256([]byte(u))
	slug := strings.Trim(nonSlug.ReplaceAllString(host, "-"), "-")
	if len(slug) > 40 {
		slug = slug[:40]
	}
	if slug == "" {
		slug = "ref"
	}
	return Source{ID: fmt.Sprintf("%s-%s", slug, hex.EncodeToString(sum[:4])), URL: u, Title: u,
		Publisher: publisher, Kind: kind, Notes: "registered automatically: no sources.csv entry"}
}

// SourceHost is a URL's host, lower-case, without "www.".
func SourceHost(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(host)), "www.")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Unregistered returns an automatic registry entry (AutoSource) for every
// URL the dataset's records cite that neither ds.Sources nor known (URLs
// a database already has entries for) has, in the order first cited.
func Unregistered(ds Dataset, known map[string]bool) []Source {
	have := make(map[string]bool, len(ds.Sources)+len(known))
	for u := range known {
		have[u] = true
	}
	for _, s := range ds.Sources {
		have[s.URL] = true
	}
	var out []Source
	add := func(p Provenance) {
		for _, u := range p.Sources {
			if !have[u] {
				have[u] = true
				out = append(out, AutoSource(u))
			}
		}
	}
	for _, x := range ds.Materials {
		add(x.Provenance)
	}
	for _, x := range ds.Facilities {
		add(x.Provenance)
	}
	for _, x := range ds.Flows {
		add(x.Provenance)
	}
	for _, x := range ds.Controls {
		add(x.Provenance)
	}
	for _, x := range ds.Contents {
		add(x.Provenance)
	}
	for _, x := range ds.Stockpiles {
		add(x.Provenance)
	}
	for _, x := range ds.Demands {
		add(x.Provenance)
	}
	return out
}
