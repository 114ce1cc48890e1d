package server

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// sourceJSON is an entry of the source registry as the API shows it: what
// a record's citation is, and whether an analyst can cite it alone.
type sourceJSON struct {
	ID        string           `json:"id"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Publisher string           `json:"publisher"`
	Published string           `json:"published,omitempty"`
	Kind      graph.SourceKind `json:"kind"`
	Tier1     bool             `json:"tier1"`
	Notes     string           `json:"notes,omitempty"`
}

func toSourceJSON(s graph.Source) sourceJSON {
	return sourceJSON{ID: s.ID, URL: s.URL, Title: s.Title, Publisher: s.Publisher, Published: s.Published,
		Kind: s.Kind, Tier1: s.Kind.Tier1(), Notes: s.Notes}
}

// listSources is GET /sources: the registry, or with ?url= (repeatable)
// the entries of those URLs.
func (s *Server) listSources(c *gin.Context) {
	var urls []string
	if list, ok := c.GetQueryArray("url"); ok {
		urls = list
	}
	items, err := s.citations(c.Request.Context(), urls)
	if err != nil {
		s.fail(c, err)
		return
	}
	if urls == nil {
		out := make([]sourceJSON, 0, len(items))
		for _, it := range items {
			out = append(out, it)
		}
		sortSources(out)
		c.JSON(http.StatusOK, gin.H{"items": out})
		return
	}
	out := make([]sourceJSON, len(urls))
	for i, u := range urls {
		out[i] = items[u]
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// citations looks up what the given URLs are in the registry (all of it
// when urls is nil). A URL the registry lacks (a graph loaded before it
// had one) is described as an import would register it.
func (s *Server) citations(ctx context.Context, urls []string) (map[string]sourceJSON, error) {
	list, err := s.store.Sources(ctx, urls)
	if err != nil {
		return nil, err
	}
	out := make(map[string]sourceJSON, len(list))
	for _, src := range list {
		out[src.URL] = toSourceJSON(src)
	}
	for _, u := range urls {
		if _, ok := out[u]; !ok {
			out[u] = toSourceJSON(graph.AutoSource(u))
		}
	}
	return out, nil
}

// provenanceJSON is where a record comes from, as every record of the
// API shows it: the sources' URLs, what each is (in the same order), as
// of when, and how far to trust it.
type provenanceJSON struct {
	Sources    []string         `json:"sources"`
	Citations  []sourceJSON     `json:"citations"`
	AsOf       string           `json:"asOf,omitempty"`
	Confidence graph.Confidence `json:"confidence,omitempty"`
}

func toProvenanceJSON(p graph.Provenance, reg map[string]sourceJSON) provenanceJSON {
	sources := p.Sources
	if sources == nil {
		sources = []string{}
	}
	return provenanceJSON{Sources: sources, Citations: cite(sources, reg), AsOf: p.AsOf, Confidence: p.Confidence}
}

// cite returns the registry entries of a record's sources, in its order.
func cite(sources []string, reg map[string]sourceJSON) []sourceJSON {
	out := make([]sourceJSON, len(sources))
	for i, u := range sources {
		out[i] = reg[u]
	}
	return out
}

// citedURLs collects the distinct sources of records.
func citedURLs[T any](list []T, sources func(T) []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, r := range list {
		for _, u := range sources(r) {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

func sortSources(list []sourceJSON) {
	slices.SortFunc(list, func(a, b sourceJSON) int { return cmp.Compare(a.URL, b.URL) })
}
