package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// TestSourcesOnNeo4j checks the source registry through the API against
// the files: GET /sources has every entry, records carry their citations
// in order, and GET /stats counts tier-1 and denied citations as
// seed.TallySources does in Go (the Cypher's oracle).
func TestSourcesOnNeo4j(t *testing.T) {
	_, ds, h := seeded(t)
	type source struct {
		ID, URL, Title, Publisher, Published, Kind string
		Tier1                                      bool
	}
	var reg struct{ Items []source }
	rec := do(h, http.MethodGet, "/api/v1/sources")
	if err := json.Unmarshal(rec.Body.Bytes(), &reg); err != nil || rec.Code != 200 {
		t.Fatalf("sources: %d %s", rec.Code, rec.Body)
	}
	if len(reg.Items) != len(ds.Sources) {
		t.Errorf("GET /sources: %d entries, files %d", len(reg.Items), len(ds.Sources))
	}
	want := map[string]source{}
	for _, s := range ds.Sources {
		want[s.URL] = source{ID: s.ID, URL: s.URL, Title: s.Title, Publisher: s.Publisher, Published: s.Published,
			Kind: string(s.Kind), Tier1: s.Kind.Tier1()}
	}
	for _, s := range reg.Items {
		if s != want[s.URL] {
			t.Errorf("entry %s: API %+v, files %+v", s.URL, s, want[s.URL])
		}
	}

	f := ds.Facilities[0]
	var fac struct {
		Sources   []string
		Citations []source
	}
	rec = do(h, http.MethodGet, "/api/v1/facilities/"+f.ID)
	if err := json.Unmarshal(rec.Body.Bytes(), &fac); err != nil || rec.Code != 200 {
		t.Fatalf("facility: %d %s", rec.Code, rec.Body)
	}
	if len(fac.Citations) != len(f.Sources) {
		t.Fatalf("%s: %d citations for %d sources", f.ID, len(fac.Citations), len(f.Sources))
	}
	for i, u := range f.Sources {
		if fac.Citations[i] != want[u] {
			t.Errorf("%s citation %d = %+v, want %+v", f.ID, i, fac.Citations[i], want[u])
		}
	}

	// ?url= picks entries in order; an unknown URL is described as an
	// import would register it.
	unknown := "https://example.org/not-in-the-registry"
	rec = do(h, http.MethodGet, "/api/v1/sources?url="+url.QueryEscape(f.Sources[0])+"&url="+url.QueryEscape(unknown))
	var picked struct{ Items []source }
	if err := json.Unmarshal(rec.Body.Bytes(), &picked); err != nil || rec.Code != 200 || len(picked.Items) != 2 {
		t.Fatalf("sources?url: %d %s", rec.Code, rec.Body)
	}
	if picked.Items[0] != want[f.Sources[0]] || picked.Items[1].URL != unknown || picked.Items[1].Kind != "other" || picked.Items[1].Tier1 {
		t.Errorf("sources?url = %+v", picked.Items)
	}

	var st struct {
		Tier1 map[string]struct {
			Total, Tier1, Denied int
		}
		Sources    int
		Tier1Share float64
		Denied     int
	}
	rec = do(h, http.MethodGet, "/api/v1/stats")
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || rec.Code != 200 {
		t.Fatalf("stats: %d %s", rec.Code, rec.Body)
	}
	if st.Sources != len(ds.Sources) {
		t.Errorf("stats: %d sources, files %d", st.Sources, len(ds.Sources))
	}
	// The seed's bar (issue 12): every record cites a tier-1 source and
	// none a denied one.
	if st.Tier1Share != 1 || st.Denied != 0 {
		t.Errorf("stats: tier1Share %v, denied %d; the seed wants 1 and 0", st.Tier1Share, st.Denied)
	}
	for kind, tally := range seed.TallySources(ds) {
		got := st.Tier1[kind]
		if got.Total != tally.Records || got.Tier1 != tally.Tier1 || got.Denied != tally.Denied {
			t.Errorf("stats tier1[%s] = %+v; files: %d records, %d with tier 1, %d denied", kind, got, tally.Records, tally.Tier1, tally.Denied)
		}
	}
}
