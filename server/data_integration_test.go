package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/seed"
	"github.com/chokepoint-dev/chokepoint/server"
)

const token = "test-admin-token"

func seeded(t *testing.T) (*neo4jstore.Store, graph.Dataset, http.Handler) {
	t.Helper()
	store, ds := neo4jtest.Seeded(t)
	return store, ds, newAPI(t, server.Config{Store: store, Logger: quiet(), AdminToken: token})
}

func post(h http.Handler, target, contentType string, body []byte, auth string) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func put(h http.Handler, target, body, auth string) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPut, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func exported(t *testing.T, store *neo4jstore.Store) graph.Dataset {
	t.Helper()
	ds, err := store.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestStatsMatchTheFiles computes the expected numbers from the seed files
// independently and compares them with GET /stats on Neo4j.
func TestStatsMatchTheFiles(t *testing.T) {
	store, ds, h := seeded(t)
	// Seeding twice changes nothing.
	if _, err := store.Load(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	rec := do(h, http.MethodGet, "/api/v1/stats")
	var st struct {
		Facilities, Countries, Flows, Controls, Materials, Contents, Tiers int
		FlowsEstimated, FlowsWithTonnes                                    int
		SourcedShare                                                       float64
		ByTier                                                             []struct {
			Key   string
			Count int
		}
		MassBalance struct {
			AsOf                                      string
			Checked, Unchecked, Imbalances, Explained int
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || rec.Code != 200 {
		t.Fatalf("stats: %d %s", rec.Code, rec.Body)
	}
	countries, tiers := map[string]bool{}, map[string]int{}
	for _, f := range ds.Facilities {
		countries[f.Country] = true
		tiers[string(f.Tier)]++
	}
	estimated, withTonnes := 0, 0
	for _, f := range ds.Flows {
		if f.Basis == "estimated" {
			estimated++
		}
		if f.TonnesPerYear != nil {
			withTonnes++
		}
	}
	want := []int{len(ds.Facilities), len(countries), len(ds.Flows), len(ds.Controls), len(ds.Materials), len(ds.Contents), len(tiers), estimated, withTonnes}
	got := []int{st.Facilities, st.Countries, st.Flows, st.Controls, st.Materials, st.Contents, st.Tiers, st.FlowsEstimated, st.FlowsWithTonnes}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats (facilities, countries, flows, controls, materials, contents, tiers, estimated, with tonnes) (-files +API):\n%s", diff)
	}
	for _, bt := range st.ByTier {
		if tiers[bt.Key] != bt.Count {
			t.Errorf("tier %s: API %d, files %d", bt.Key, bt.Count, tiers[bt.Key])
		}
	}
	// The mass balance of the graph in Neo4j is the files'.
	mb := graph.CheckMassBalance(ds, time.Now().Format(time.DateOnly))
	if m := st.MassBalance; m.AsOf != mb.AsOf || m.Checked != mb.Checked || m.Unchecked != mb.Unchecked || m.Imbalances != len(mb.Imbalances) ||
		m.Explained != mb.Explained() || m.Checked == 0 {
		t.Errorf("stats mass balance %+v, files: %d checked, %d unchecked, %d imbalances (%d explained) on %s",
			m, mb.Checked, mb.Unchecked, len(mb.Imbalances), mb.Explained(), mb.AsOf)
	}
	if st.SourcedShare != 1 {
		t.Errorf("sourced share = %v, want 1 (every record has a source)", st.SourcedShare)
	}
	// The mission's bar for the seed.
	if st.Facilities < 100 || st.Countries < 15 || st.Flows < 140 || st.Tiers != len(graph.Tiers) {
		t.Errorf("seed too small: %+v", st)
	}
}

// TestBadImportReportsEverythingAndWritesNothing posts an import with
// several kinds of bad rows.
func TestBadImportReportsEverythingAndWritesNothing(t *testing.T) {
	store, _, h := seeded(t)
	before := exported(t, store)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	add := func(name, text string) {
		w, err := mw.CreateFormFile(name, name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(text))
	}
	fh := strings.Join(seed.Columns(seed.FacilitiesFile), ",") + "\n"
	add(seed.FacilitiesFile, fh+
		"NEW_MINE,New mine,Mine,NewCo,AU,,,false,,100,,,t REO/yr,design,operating,,,,false,https://example.org/n,2026-01-01,low,\n"+ // valid
		"BAD_COUNTRY,Somewhere,Mine,Co,Australia,,,false,,,,,,,operating,,,,false,https://example.org/x,2026-01-01,low,\n"+
		"NO_SOURCE,Unsourced,Magnet,Co,JP,,,false,,,,,,,operating,,,,false,,2026-01-01,low,\n")
	lh := strings.Join(seed.Columns(seed.FlowsFile), ",") + "\n"
	add(seed.FlowsFile, lh+
		"NEW_MINE,LAMP,mixed-concentrate,50,,,estimated,,,https://example.org/f,2026-01-01,low,\n"+ // valid, refers to the seeded LAMP
		"NEW_MINE,NOWHERE,mixed-concentrate,50,,,estimated,,,https://example.org/f,2026-01-01,low,\n"+
		"NEW_MINE,TOYOTA,unobtainium,50,,,estimated,,,https://example.org/f,2026-01-01,low,\n"+
		"LAMP,NEW_MINE,ndpr-oxide,-3,,,estimated,,,https://example.org/f,2026-01-01,low,\n")
	_ = mw.Close()

	if rec := post(h, "/api/v1/import", mw.FormDataContentType(), body.Bytes(), ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("import without a token: %d, want 401", rec.Code)
	}
	rec := post(h, "/api/v1/import", mw.FormDataContentType(), body.Bytes(), token)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d %s, want 422", rec.Code, rec.Body)
	}
	var p struct {
		Type     string
		Problems []seed.Problem
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	want := []seed.Problem{
		{File: "facilities.csv", Line: 3, Field: "country", Reason: `"Australia" is not an ISO 3166-1 alpha-2 code`},
		{File: "facilities.csv", Line: 4, Field: "sources", Reason: "is required: every record needs a source"},
		{File: "flows.csv", Line: 3, Field: "to", Reason: `unknown facility id "NOWHERE"`},
		{File: "flows.csv", Line: 4, Field: "material", Reason: `unknown material "unobtainium" (not in materials.csv)`},
		{File: "flows.csv", Line: 5, Field: "tonnes_per_year", Reason: "-3 is negative"},
		{File: "flows.csv", Line: 5, Field: "to", Reason: "flow goes up the chain, from Separation LAMP to Mine NEW_MINE (tier order: mine, separation/refinery, metal, alloy, magnet, OEM)"},
	}
	if diff := cmp.Diff(want, p.Problems); diff != "" || p.Type != "urn:chokepoint:problem:invalid-dataset" {
		t.Errorf("problems (-want +got):\n%s type %s", diff, p.Type)
	}
	if diff := cmp.Diff(before, exported(t, store)); diff != "" {
		t.Errorf("a rejected import changed the graph:\n%s", diff)
	}
}

// TestExportImportRoundTrips exports the seeded graph in each importable
// format, imports it into an empty database and compares the graphs.
func TestExportImportRoundTrips(t *testing.T) {
	store, _, h := seeded(t)
	want := exported(t, store)
	for _, tt := range []struct{ format, contentType string }{
		{"json", "application/json"},
		{"csv", "application/zip"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			rec := do(h, http.MethodGet, "/api/v1/export?format="+tt.format)
			if rec.Code != 200 {
				t.Fatalf("export: %d %s", rec.Code, rec.Body)
			}
			if err := store.Clear(context.Background()); err != nil {
				t.Fatal(err)
			}
			imp := post(h, "/api/v1/import?mode=replace", tt.contentType, rec.Body.Bytes(), token)
			if imp.Code != 200 {
				t.Fatalf("import: %d %s", imp.Code, imp.Body)
			}
			var res seed.ImportResult
			if err := json.Unmarshal(imp.Body.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			if res.Diff.Contents.Added != len(want.Contents) || len(want.Contents) == 0 {
				t.Errorf("import of %d contents into an empty graph: %+v", len(want.Contents), res.Diff.Contents)
			}
			mb := graph.CheckMassBalance(want, time.Now().Format(time.DateOnly))
			if diff := cmp.Diff(mb, res.MassBalance); diff != "" {
				t.Errorf("the import's mass balance is not the dataset's (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, exported(t, store)); diff != "" {
				t.Errorf("export -> import changed the graph (-before +after):\n%s", diff)
			}
		})
	}
}

// TestExportFormats downloads the graph in every format.
func TestExportFormats(t *testing.T) {
	_, _, h := seeded(t)
	for format, want := range map[string]string{"graphml": "<graphml", "cypher": "MERGE"} {
		rec := do(h, http.MethodGet, "/api/v1/export?format="+format)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("export %s: %d %s %.200s", format, rec.Code, rec.Header(), rec.Body)
		}
	}
	if rec := do(h, http.MethodGet, "/api/v1/export?format=xlsx"); rec.Code != 400 {
		t.Errorf("export xlsx: %d, want 400", rec.Code)
	}
}

func TestDryRunAndReplace(t *testing.T) {
	store, ds, h := seeded(t)
	before := exported(t, store)
	// A dataset of one country and one facility: merging adds it, replacing
	// would remove everything else.
	var au graph.Country
	for _, c := range ds.Countries {
		if c.Code == "AU" {
			au = c
		}
	}
	one := graph.Dataset{
		Countries:  []graph.Country{au},
		Facilities: []graph.Facility{{ID: "NEW_MINE", Name: "New", Tier: graph.Mine, Country: "AU", Status: "planned", Provenance: graph.Provenance{Sources: []string{"https://example.org"}, AsOf: "2026-01-01", Confidence: "low"}}},
	}
	var buf bytes.Buffer
	if err := seed.WriteJSON(&buf, one); err != nil {
		t.Fatal(err)
	}
	var res seed.ImportResult
	rec := post(h, "/api/v1/import?mode=replace&dryRun=true", "application/json", buf.Bytes(), token)
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("dry run: %d %s", rec.Code, rec.Body)
	}
	wantDiff := graph.KindDiff{Added: 1, Removed: len(ds.Facilities)}
	if res.Written || res.Diff.Facilities != wantDiff || res.Diff.Flows.Removed != len(ds.Flows) || res.Diff.Countries.Unchanged != 1 ||
		res.Diff.Contents.Removed != len(ds.Contents) || res.MassBalance.Checked != 0 || len(res.MassBalance.Imbalances) != 0 {
		t.Errorf("dry run = %+v, want facilities %+v and every flow removed, nothing written", res, wantDiff)
	}
	if diff := cmp.Diff(before, exported(t, store)); diff != "" {
		t.Errorf("a dry run changed the graph:\n%s", diff)
	}
	rec = post(h, "/api/v1/import?mode=replace", "application/json", buf.Bytes(), token)
	if rec.Code != 200 {
		t.Fatalf("replace: %d %s", rec.Code, rec.Body)
	}
	after := exported(t, store)
	if len(after.Facilities) != 1 || len(after.Flows) != 0 || len(after.Controls) != 0 {
		t.Errorf("after replace the graph holds %d facilities, %d flows, %d controls; want 1, 0, 0", len(after.Facilities), len(after.Flows), len(after.Controls))
	}
}

func TestWritesDisabledWithoutToken(t *testing.T) {
	store := neo4jtest.Store(t)
	h := newAPI(t, server.Config{Store: store, Logger: quiet()})
	rec := post(h, "/api/v1/import", "application/json", []byte(`{}`), "anything")
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "writes-disabled") {
		t.Errorf("import with no admin token configured: %d %s, want 403 writes-disabled", rec.Code, rec.Body)
	}
}

var tookMs = regexp.MustCompile(`"tookMs":[0-9.e+-]+`)

// exportCounter is the store, counting the analyzer's reads of the whole
// graph.
type exportCounter struct {
	*neo4jstore.Store
	exports atomic.Int32
}

func (c *exportCounter) Export(ctx context.Context) (graph.Dataset, error) {
	c.exports.Add(1)
	return c.Store.Export(ctx)
}

// TestImportFeedsTheAnalyses imports over HTTP (a replace by a generated
// network, then a merge of the seed into it) and checks that the analyses
// after it run on the graph the import wrote without reading it back, and
// answer as an analyzer that reads the graph does; and that the second
// import takes the graph it merges into from the analyses, not the
// database, with the same report.
func TestImportFeedsTheAnalyses(t *testing.T) {
	store := neo4jtest.Store(t)
	counted := &exportCounter{Store: store}
	h := newAPI(t, server.Config{Store: counted, Analyzer: analysis.New(counted), Logger: quiet(), AdminToken: token})
	sd, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	gen := seed.Generate(seed.GenerateOptions{Facilities: 300, Flows: 1500, Seed: 7})
	for _, step := range []struct {
		target string
		ds     graph.Dataset
	}{{"/api/v1/import?mode=replace", gen}, {"/api/v1/import?mode=merge", sd}} {
		var buf bytes.Buffer
		if err := seed.WriteJSON(&buf, step.ds); err != nil {
			t.Fatal(err)
		}
		// The report of a server that reads the graph, as a dry run.
		plain := newAPI(t, server.Config{Store: store, Logger: quiet(), AdminToken: token})
		dry := post(plain, step.target+"&dryRun=true", "application/json", buf.Bytes(), token)
		rec := post(h, step.target, "application/json", buf.Bytes(), token)
		if rec.Code != http.StatusOK || dry.Code != http.StatusOK {
			t.Fatalf("%s: %d %s (dry run: %d %.300s)", step.target, rec.Code, rec.Body, dry.Code, dry.Body)
		}
		var got, want seed.ImportResult
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(dry.Body.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		want.DryRun, want.Written = false, true
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the report differs from that of a server that reads the graph (-read +held):\n%s", step.target, diff)
		}
		// An analyzer of its own, which reads the graph.
		fresh := newAPI(t, server.Config{Store: store, Analyzer: analysis.New(store), Logger: quiet()})
		for _, q := range []string{"/api/v1/chokepoints?to=JP", "/api/v1/routes?to=JP&avoid=CN", "/api/v1/exposure?to=JP"} {
			got, want := do(h, http.MethodGet, q), do(fresh, http.MethodGet, q)
			if got.Code != http.StatusOK || want.Code != http.StatusOK {
				t.Fatalf("after %s, %s: %d %.300s / %d %.300s", step.target, q, got.Code, got.Body, want.Code, want.Body)
			}
			// Everything but how long the answer took.
			untimed := func(b string) string { return tookMs.ReplaceAllString(b, `"tookMs":0`) }
			if diff := cmp.Diff(untimed(want.Body.String()), untimed(got.Body.String())); diff != "" {
				t.Errorf("after %s, %s differs from an analyzer that read the graph (-read +adopted):\n%.2000s", step.target, q, diff)
			}
		}
	}
	// One read: the first import's, of the empty graph, before the
	// analyses held one. After it, the analyses hold what it wrote, and the
	// second import reads nothing either.
	if n := counted.exports.Load(); n != 1 {
		t.Errorf("the graph was read %d times in two imports and the analyses after each, want 1", n)
	}
}
