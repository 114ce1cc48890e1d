package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/server"
)

// TestProtocolIsCaseInsensitiveWhereHTTPIs: the Bearer scheme's name and
// media types are case-insensitive (RFC 9110, 11.1 and 8.3.1), and HEAD
// answers every GET resource, without a body. Neo4j is down here: getting
// past the check is answered 503.
func TestProtocolIsCaseInsensitiveWhereHTTPIs(t *testing.T) {
	down := downStore{}
	h := newAPI(t, server.Config{Store: down, Analyzer: down, Queries: down, Console: down, Logger: quiet(), AdminToken: "s3cret"})
	send := func(method, target, contentType, auth, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(context.Background(), method, target, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	scenario := `{"to":"JP","controls":[{"id":"CN-2026-001-JP"}]}`
	for auth, want := range map[string]int{
		"bearer s3cret": 503, "BEARER s3cret": 503, "Bearer  s3cret": 503,
		"Bearers3cret": 401, "Basic s3cret": 401, "bearer S3CRET": 401, "bearer ": 401,
	} {
		if rec := send("PUT", "/api/v1/scenarios/ban", "application/json", auth, scenario); rec.Code != want {
			t.Errorf("Authorization %q: %d, want %d", auth, rec.Code, want)
		}
	}
	for _, ct := range []string{"Application/JSON", "APPLICATION/JSON; charset=utf-8"} {
		if rec := send("POST", "/api/v1/cypher", ct, "", `{"query":"RETURN 1"}`); rec.Code != 503 {
			t.Errorf("Content-Type %q on /cypher: %d, want 503 (accepted; Neo4j down)", ct, rec.Code)
		}
	}
	// A body is one JSON value and nothing after it but blanks.
	for _, body := range []string{`{"query":"RETURN 1"}}`, `{"query":"RETURN 1"} {"query":"RETURN 2"}`, `{"query":"RETURN 1"} x`} {
		if rec := send("POST", "/api/v1/cypher", "application/json", "", body); rec.Code != 400 {
			t.Errorf("body %s: %d, want 400", body, rec.Code)
		}
	}
	if rec := send("POST", "/api/v1/cypher", "application/json", "", "{\"query\":\"RETURN 1\"}\n\t "); rec.Code != 503 {
		t.Errorf("a body with trailing blanks: %d, want 503 (accepted; Neo4j down)", rec.Code)
	}
	for target, want := range map[string]int{"/healthz": 200, "/api/v1/health": 503, "/api/openapi.json": 200} {
		rec := send("HEAD", target, "", "", "")
		if rec.Code != want || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") == "" {
			t.Errorf("HEAD %s: %d, %d bytes, Content-Type %q; want %d, no body, the GET's headers", target, rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"), want)
		}
	}
	if rec := send("HEAD", "/api/v1/cypher", "", "", ""); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("HEAD on a POST-only resource: %d, want 405", rec.Code)
	}
}
