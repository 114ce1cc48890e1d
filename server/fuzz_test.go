package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/server"
)

// FuzzQueryParameters sends arbitrary query strings to the parameter-taking
// endpoints: the answer is a 200 or a 4xx problem, never a 5xx, and it
// matches the OpenAPI document.
func FuzzQueryParameters(f *testing.F) {
	for _, q := range []string{"tier=Magnet&country=JP", "limit=0", "cursor=!!!", "tier=%ff", "q=" + string(rune(0)), "to=JP&k=999&rank=x", "avoid=,,,&via=zz",
		"to=JP&element=Dy", "to=JP&element=ndpr&element=", "to=JP&element=%20REO", "to=JP&material=Dy"} {
		f.Add("/api/v1/facilities", q)
		f.Add("/api/v1/routes", q)
	}
	store := fakeStore{facilities: func(context.Context, graph.FacilityFilter) ([]graph.Facility, string, error) {
		return nil, "", nil
	}}
	h := server.New(server.Config{Store: store, Analyzer: nopAnalyzer{}, Logger: quiet()})
	f.Fuzz(func(t *testing.T, path, query string) {
		if path != "/api/v1/facilities" && path != "/api/v1/routes" && path != "/api/v1/chokepoints" {
			path = "/api/v1/facilities"
		}
		u := &url.URL{Path: path, RawQuery: query}
		req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/", nil)
		req.URL = u
		rec := fuzzCheck(t, h, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: %d %s", path, query, rec.Code, rec.Body)
		}
	})
}
