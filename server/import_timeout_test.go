package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/server"
)

// slowStore writes an import in two seconds; everything else is down. It
// stands for a long import, not for the database: TestLongImportIsAnswered
// tests the HTTP server's deadlines.
type slowStore struct{ downStore }

func (slowStore) Catalog(context.Context) (graph.Catalog, error) { return graph.Catalog{}, nil }
func (slowStore) Export(context.Context) (graph.Dataset, error)  { return graph.Dataset{}, nil }
func (slowStore) LoadWith(ctx context.Context, ds graph.Dataset, _ graph.LoadOptions) (graph.LoadStats, error) {
	select {
	case <-time.After(2 * time.Second):
	case <-ctx.Done():
		return graph.LoadStats{}, ctx.Err()
	}
	return graph.LoadStats{Countries: len(ds.Countries)}, nil
}

// TestLongImportIsAnswered: an import that takes longer than the HTTP
// server's write timeout is still answered (it used to commit while the
// client got an empty reply).
func TestLongImportIsAnswered(t *testing.T) {
	h := server.New(server.Config{Store: slowStore{}, Logger: quiet(), AdminToken: "s3cret"})
	srv := httptest.NewUnstartedServer(h)
	srv.Config.WriteTimeout = time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/api/v1/import",
		strings.NewReader(`{"countries":[{"code":"XX","name":"Nowhere"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("a 2 s import behind a 1 s write timeout: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a 2 s import: %d, want 200", resp.StatusCode)
	}
}
