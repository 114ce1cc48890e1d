package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
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

// checked wraps h so that each exchange is checked against the document;
// mismatches fail t (Errorf: safe from the handler's goroutines).
func checked(t testing.TB, h http.Handler) http.Handler {
	openAPI(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
		}
		orig := r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		for _, msg := range check(orig, body, rec.Result()) {
			t.Errorf("OpenAPI: %s %s → %d: %s", r.Method, r.URL.RequestURI(), rec.Code, msg)
		}
	})
}

func withBody(r *http.Request, body []byte) *http.Request {
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(body))
	return c
}

// check returns what is wrong with an exchange.
func check(req *http.Request, body []byte, resp *http.Response) []string {
	contract.mu.Lock()
	defer contract.mu.Unlock()
	// Exception: a CORS preflight answered by the cors middleware is not an
	// operation of the API (a preflight from an origin not allowed falls
	// through and is checked as any OPTIONS request: 405).
	if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" && resp.StatusCode == http.StatusNoContent {
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
	if ok, errs := contract.v.ValidateHttpRequestSync(withBody(req, body)); !ok && resp.StatusCode < 400 {
		out = append(out, fmt.Sprintf("the document rejects the request, yet the server answered %d: %s", resp.StatusCode, strings.Join(describe(errs), "; ")))
	}
	op := req.Method + " " + tmpl
	if contract.seen[op] == nil {
		contract.seen[op] = map[int]bool{}
	}
	contract.seen[op][resp.StatusCode] = true
	return out
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
