package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore/neo4jtest"
	"github.com/chokepoint-dev/chokepoint/server"
)

// The contract: every request a test of this package sends through newAPI
// (or checked) is checked against the OpenAPI document the server serves,
// and so is its response. A test fails on any undocumented path, method,
// status or content type, and on any body or header that breaks its schema.
// The operations and statuses seen are recorded for
// TestOpenAPIEveryOperationIsExercised.
var contract struct {
	once    sync.Once
	raw     []byte
	model   *v3.Document
	v       validator.Validator
	problem *base.Schema
	err     error

	mu   sync.Mutex // serialises validation and guards seen
	seen map[string]map[int]bool
}

// openAPI loads the document from GET /api/openapi.json, once.
func openAPI(t testing.TB) {
	t.Helper()
	contract.once.Do(func() {
		rec := do(server.New(server.Config{Logger: quiet()}), http.MethodGet, "/api/openapi.json")
		if rec.Code != 200 {
			contract.err = fmt.Errorf("GET /api/openapi.json: %d", rec.Code)
			return
		}
		contract.raw = rec.Body.Bytes()
		doc, err := libopenapi.NewDocument(contract.raw)
		if err != nil {
			contract.err = err
			return
		}
		m, err := doc.BuildV3Model()
		if err != nil {
			contract.err = fmt.Errorf("build the OpenAPI model: %w", err)
			return
		}
		contract.model = &m.Model
		v, errs := validator.NewValidator(doc, config.WithRegexCache(&sync.Map{}))
		if len(errs) > 0 {
			contract.err = fmt.Errorf("the validator: %v", errs)
			return
		}
		contract.v = v
		contract.problem = m.Model.Components.Schemas.GetOrZero("Problem").Schema()
		contract.seen = map[string]map[int]bool{}
	})
	if contract.err != nil {
		t.Fatalf("the OpenAPI document: %v", contract.err)
	}
}

// newAPI is server.New behind the contract check.
func newAPI(t testing.TB, cfg server.Config) http.Handler { return checked(t, server.New(cfg)) }

// exchange is one request and the response the server gave it.
type exchange struct {
	req  *http.Request
	body []byte
	rec  *httptest.ResponseRecorder
}

// recording serves each request with h, copies the answer to the client
// and hands the exchange to done.
func recording(h http.Handler, done func(exchange)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
		}
		orig := r.Clone(context.WithoutCancel(r.Context()))
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		done(exchange{orig, body, rec})
	})
}

// verify checks e against the document; mismatches fail t (Errorf: safe
// from the handler's goroutines).
func (e exchange) verify(t testing.TB) {
	for _, msg := range check(e.req, e.body, e.rec.Result(), true) {
		t.Errorf("OpenAPI: %s %s → %d: %s", e.req.Method, e.req.URL.RequestURI(), e.rec.Code, msg)
	}
}

// checked wraps h so that each exchange is checked against the document.
func checked(t testing.TB, h http.Handler) http.Handler {
	openAPI(t)
	return recording(h, func(e exchange) { e.verify(t) })
}

// checkedLater is checked for timing runs: it records each exchange and
// checks them all when verify is called, so that the check (serialised)
// does not add to the latencies measured.
func checkedLater(t testing.TB, h http.Handler) (handler http.Handler, verify func()) {
	openAPI(t)
	var mu sync.Mutex
	var seen []exchange
	handler = recording(h, func(e exchange) {
		mu.Lock()
		seen = append(seen, e)
		mu.Unlock()
	})
	verify = func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range seen {
			e.verify(t)
		}
		t.Logf("OpenAPI: %d exchanges checked after the run", len(seen))
	}
	return handler, verify
}

func withBody(r *http.Request, body []byte) *http.Request {
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(body))
	return c
}

// check returns what is wrong with an exchange; record counts it towards
// the operations exercised.
func check(req *http.Request, body []byte, resp *http.Response, record bool) []string {
	contract.mu.Lock()
	defer contract.mu.Unlock()
	// Exception: a CORS preflight answered by the cors middleware is not an
	// operation of the API (a preflight from an origin not allowed falls
	// through and is checked as any OPTIONS request: 405).
	if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" && resp.StatusCode == http.StatusNoContent {
		return nil
	}
	// HEAD is GET without its body (Server.ServeHTTP), on every resource:
	// the document lists GETs only.
	if req.Method == http.MethodHead {
		if b, _ := io.ReadAll(resp.Body); len(b) > 0 {
			return []string{fmt.Sprintf("HEAD answered with a %d-byte body", len(b))}
		}
		return nil
	}
	item, _, tmpl := paths.FindPath(withBody(req, body), contract.model, nil)
	if item == nil {
		return offContract(resp, http.StatusNotFound, "not-found")
	}
	if !slices.Contains(methods(item), req.Method) {
		return offContract(resp, http.StatusMethodNotAllowed, "method-not-allowed")
	}
	var out []string
	if ok, errs := contract.v.ValidateHttpResponse(withBody(req, body), resp); !ok {
		out = append(out, describe(errs)...)
	}
	// The document may be more lenient than the server (it cannot say that
	// a cursor must be one this API returned), never stricter: a request it
	// rejects must be answered with a 4xx.
	if ok, errs := contract.v.ValidateHttpRequestSync(withoutEmptyParams(withBody(req, body))); !ok && resp.StatusCode < 400 {
		out = append(out, fmt.Sprintf("the document rejects the request, yet the server answered %d: %s", resp.StatusCode, strings.Join(describe(errs), "; ")))
	}
	op := req.Method + " " + tmpl
	if !record {
		return out
	}
	if contract.seen[op] == nil {
		contract.seen[op] = map[int]bool{}
	}
	contract.seen[op][resp.StatusCode] = true
	return out
}

// withoutEmptyParams drops empty query parameters (?tier=): the server
// takes one for none, as the document says, and the validator knows no
// allowEmptyValue.
func withoutEmptyParams(r *http.Request) *http.Request {
	q := r.URL.Query()
	for k, vs := range q {
		if !slices.ContainsFunc(vs, func(v string) bool { return v != "" }) {
			delete(q, k)
		}
	}
	u := *r.URL
	u.RawQuery = q.Encode()
	r.URL = &u
	return r
}

// offContract checks an answer to a path or method the document does not
// list: the problem it must be.
func offContract(resp *http.Response, status int, typ string) []string {
	b, _ := io.ReadAll(resp.Body)
	var out []string
	if resp.StatusCode != status {
		out = append(out, fmt.Sprintf("not in the document, yet answered %d (want %d)", resp.StatusCode, status))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		out = append(out, "Content-Type "+ct+", want application/problem+json")
	}
	if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(contract.problem, b); !ok {
		out = append(out, describe(errs)...)
	}
	var p struct{ Type string }
	if err := json.Unmarshal(b, &p); err != nil || p.Type != "urn:chokepoint:problem:"+typ {
		out = append(out, fmt.Sprintf("problem type %q, want %s", p.Type, typ))
	}
	return out
}

func methods(item *v3.PathItem) []string {
	var out []string
	for m, op := range map[string]*v3.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
		http.MethodDelete: item.Delete, http.MethodPatch: item.Patch, http.MethodHead: item.Head, http.MethodOptions: item.Options} {
		if op != nil {
			out = append(out, m)
		}
	}
	return out
}

func describe(errs []*liberrors.ValidationError) []string {
	var out []string
	for _, e := range errs {
		s := e.Message
		if e.Reason != "" && e.Reason != e.Message {
			s += ": " + e.Reason
		}
		for _, f := range e.SchemaValidationErrors {
			s += fmt.Sprintf(" [%s: %s]", f.FieldPath, f.Reason)
		}
		out = append(out, s)
	}
	return out
}

// TestOpenAPIDocumentIsValid parses the served document as OpenAPI 3.1 and
// validates it against the specification's schema.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	openAPI(t)
	if v := contract.model.Version; v != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", v)
	}
	if ok, errs := contract.v.ValidateDocument(); !ok {
		t.Errorf("the document breaks the OpenAPI 3.1 schema: %v", describe(errs))
	}
	// Served through the contract check too, so the operation is exercised.
	rec := do(newAPI(t, server.Config{Logger: quiet()}), http.MethodGet, "/api/openapi.json")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" || !bytes.Equal(rec.Body.Bytes(), contract.raw) {
		t.Errorf("GET /api/openapi.json: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestContractCatchesDrift feeds the check answers that break the document
// in each way it must catch.
func TestContractCatchesDrift(t *testing.T) {
	openAPI(t)
	answer := func(status int, contentType, body string, header ...string) *http.Response {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", contentType)
		rec.Header().Set("X-Request-ID", "0123456789abcdef")
		for i := 0; i+1 < len(header); i += 2 {
			if header[i+1] == "" {
				rec.Header().Del(header[i])
				continue
			}
			rec.Header().Set(header[i], header[i+1])
		}
		rec.WriteHeader(status)
		_, _ = rec.WriteString(body)
		return rec.Result()
	}
	const (
		jsonCT    = "application/json"
		problemCT = "application/problem+json"
	)
	health := `{"status":"ok","neo4j":{"version":"5.26","edition":"community","database":"neo4j"}}`
	unavailable := `{"type":"urn:chokepoint:problem:neo4j-unavailable","title":"Database unavailable","status":503,"instance":"/api/v1/health"}`
	notFound := `{"type":"urn:chokepoint:problem:not-found","title":"Not found","status":404,"instance":"/"}`
	tests := []struct {
		name, method, target string
		status               int
		contentType, body    string
		header               []string
		want                 string // in a complaint; "" for none
	}{
		{"as documented", "GET", "/api/v1/health", 200, jsonCT + "; charset=utf-8", health, nil, ""},
		{"extra field", "GET", "/api/v1/health", 200, jsonCT, strings.Replace(health, `"ok"`, `"ok","uptime":3`, 1), nil, "uptime"},
		{"missing field", "GET", "/api/v1/health", 200, jsonCT, `{"status":"ok"}`, nil, "neo4j"},
		{"without X-Request-ID", "GET", "/api/v1/health", 200, jsonCT, health, []string{"X-Request-ID", ""}, "X-Request-ID"},
		{"undocumented status", "GET", "/api/v1/health", 418, problemCT, `{}`, nil, "418"},
		{"undocumented content type", "GET", "/api/v1/health", 200, "text/plain", "ok", nil, "text/plain"},
		{"503 with Retry-After", "GET", "/api/v1/health", 503, problemCT, unavailable, []string{"Retry-After", "5"}, ""},
		{"503 without Retry-After", "GET", "/api/v1/health", 503, problemCT, unavailable, nil, "Retry-After"},
		{"wrong problem type", "GET", "/api/v1/health", 503, problemCT, strings.Replace(unavailable, "neo4j-unavailable", "internal", 1), []string{"Retry-After", "5"}, "type"},
		{"a request it rejects answered 200", "GET", "/api/v1/facilities?limit=5000", 200, jsonCT, `{"items":[],"next":null}`, nil, "rejects the request"},
		{"unknown path answered 200", "GET", "/api/v1/nope", 200, jsonCT, `{}`, nil, "not in the document"},
		{"unknown method answered 404", "PATCH", "/api/v1/facilities", 404, problemCT, notFound, nil, "405"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(context.Background(), tt.method, tt.target, nil)
			resp := answer(tt.status, tt.contentType, tt.body, tt.header...)
			defer func() { _ = resp.Body.Close() }()
			got := check(req, nil, resp, false)
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("complaints %q, want none", got)
			case tt.want != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, " "), tt.want)):
				t.Errorf("complaints %q, want one about %q", got, tt.want)
			}
		})
	}
}

// notExercised lists the documented operations no test has to reach, and
// why; keep it short.
var notExercised = map[string]string{}

// TestOpenAPIEveryOperationIsExercised checks that every operation of the
// document was reached by at least one test of this package. It is a
// parallel top-level test, so it runs after every other test has finished;
// it needs the whole package to run, the integration tests included.
func TestOpenAPIEveryOperationIsExercised(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			t.Skipf("-%s is set: not every test ran", strings.TrimPrefix(name, "test."))
		}
	}
	neo4jtest.Connection(t) // skips without Neo4j (or with -short): the integration tests did not run
	openAPI(t)
	contract.mu.Lock()
	defer contract.mu.Unlock()
	var untested []string
	ops := 0
	for p := contract.model.Paths.PathItems.First(); p != nil; p = p.Next() {
		for m, op := range p.Value().GetOperations().FromOldest() {
			ops++
			key := strings.ToUpper(m) + " " + p.Key()
			if why, ok := notExercised[key]; ok {
				t.Logf("%s: not exercised: %s", key, why)
				continue
			}
			seen := contract.seen[key]
			if len(seen) == 0 {
				t.Errorf("%s is documented but no test reaches it", key)
				continue
			}
			for code := range op.Responses.Codes.KeysFromOldest() {
				var n int
				if _, err := fmt.Sscan(code, &n); err == nil && !seen[n] {
					untested = append(untested, key+" "+code)
				}
			}
		}
	}
	t.Logf("%d operations, %d reached by the tests; documented responses no test produces: %s",
		ops, len(contract.seen), strings.Join(untested, ", "))
}

// fuzzCheck serves one fuzzed request and checks it against the contract.
func fuzzCheck(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	checked(t, h).ServeHTTP(rec, req.WithContext(context.Background()))
	return rec
}
