package seed

import (
	"regexp"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// SourcesFile is the source registry: one row a source, cited by id from
// the sources column of every other file.
const SourcesFile = "sources.csv"

var (
	sourceIDRe  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)
	publishedRe = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// source reads a row of sources.csv.
func (r *reader) source(w row, ds *graph.Dataset) {
	s := graph.Source{
		ID:        w.required("id"),
		URL:       w.required("url"),
		Title:     w.required("title"),
		Publisher: w.required("publisher"),
		Published: w.str("published"),
		Kind:      word(w, "kind", graph.SourceKinds, true),
		Notes:     w.str("notes"),
	}
	if s.ID != "" && !sourceIDRe.MatchString(s.ID) {
		w.bad("id", "%q is not a source id (lower-case letters, digits and -)", s.ID)
	}
	if s.Published != "" && (!publishedRe.MatchString(s.Published) || len(s.Published) == 10 && !graph.IsDate(s.Published)) {
		w.bad("published", "%q is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", s.Published)
	}
	// An entry's kind is the judgement of that one document (a company's
	// release reposted by an aggregator, a trade paper's repost of one),
	// within two limits: a denied domain stays denied, and press or trade
	// press is tier 1 only from an outlet the table recognises.
	switch domain, _ := graph.Classify(s.URL); {
	case !s.Kind.Valid():
	case domain == graph.ContentFarm && s.Kind != graph.ContentFarm:
		w.bad("kind", "%s is denied in graph/outlets.csv (a content farm): its pages cannot be %s", graph.SourceHost(s.URL), s.Kind)
	case (s.Kind == graph.PressSource || s.Kind == graph.TradePressSource) && domain != s.Kind:
		w.bad("kind", "%s is not a recognised %s outlet in graph/outlets.csv (it is %s there)", graph.SourceHost(s.URL), s.Kind, domain)
	}
	if r.sourceIDs == nil {
		r.sourceIDs, r.sourceLine, r.sourceURLs = map[string]string{}, map[string]int{}, map[string]int{}
	}
	if prev, dup := r.sourceLine[s.ID]; dup {
		w.bad("id", "duplicate source id %q (first on line %d)", s.ID, prev)
	}
	if prev, dup := r.sourceURLs[s.URL]; dup {
		w.bad("url", "duplicate source url (first on line %d)", prev)
	}
	r.sourceLine[s.ID], r.sourceURLs[s.URL], r.sourceIDs[s.ID] = w.line, w.line, s.URL
	ds.Sources = append(ds.Sources, s)
}

// citations reads a sources column: each entry is a registry id (of this
// dataset or, for a merge, of the database) or a URL or document
// reference, and comes back as the URL it stands for.
func (w row) citations(field string) []string {
	list := w.list(field)
	for i, c := range list {
		if u, ok := w.r.sourceIDs[c]; ok {
			list[i] = u
			continue
		}
		if w.r.known != nil {
			if u, ok := w.r.known.Sources[c]; ok {
				list[i] = u
				continue
			}
		}
		if sourceIDRe.MatchString(c) {
			w.bad(field, "unknown source id %q (not in %s)", c, SourcesFile)
		}
	}
	return list
}

// registerCitations gives every URL the records cite and neither the
// registry nor the database has an entry of its own (graph.AutoSource).
func (r *reader) registerCitations(ds *graph.Dataset) {
	known := map[string]bool{}
	if r.known != nil {
		for _, u := range r.known.Sources {
			known[u] = true
		}
	}
	ds.Sources = append(ds.Sources, graph.Unregistered(*ds, known)...)
}
