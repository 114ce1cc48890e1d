package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
)

// fakeLocal stands for the local Neo4j process: closing done is its death.
type fakeLocal struct{ done chan struct{} }

func (f *fakeLocal) Done() <-chan struct{} { return f.done }
func (f *fakeLocal) LogTail(int) string    { return "killed" }

// TestServeRestartsTheLocalNeo4j: when the local Neo4j dies, serve keeps
// serving and starts it again (it used to exit with status 1, dropping
// every request); it gives up after localneo4j.MaxRestarts deaths in
// localneo4j.RestartWindow,
// or when the server does not start again.
func TestServeRestartsTheLocalNeo4j(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	run := func(restart func(context.Context) (supervised, error)) (first *fakeLocal, stop func() error) {
		first = &fakeLocal{done: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		srv := &http.Server{Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second}
		errc := make(chan error, 1)
		go func() { errc <- listenAndServe(ctx, "127.0.0.1:0", srv, first, restart, log) }()
		return first, func() error {
			select {
			case err := <-errc:
				cancel()
				return err
			case <-time.After(2 * time.Second):
				cancel()
				return <-errc
			}
		}
	}

	var started atomic.Int32
	first, stop := run(func(context.Context) (supervised, error) {
		started.Add(1)
		return &fakeLocal{done: make(chan struct{})}, nil
	})
	close(first.done)
	waitFor(t, func() bool { return started.Load() == 1 })
	if err := stop(); err != nil {
		t.Errorf("after one death and a restart, serve ended with %v; want it to serve until stopped", err)
	}

	first, stop = run(func(context.Context) (supervised, error) { return nil, errors.New("port taken") })
	close(first.done)
	if err := stop(); err == nil || !strings.Contains(err.Error(), "did not start again") {
		t.Errorf("a restart that fails: %v", err)
	}

	started.Store(0)
	first, stop = run(func(context.Context) (supervised, error) {
		started.Add(1)
		l := &fakeLocal{done: make(chan struct{})}
		close(l.done) // dies at once, every time
		return l, nil
	})
	close(first.done)
	if err := stop(); err == nil || !strings.Contains(err.Error(), "exited unexpectedly (4 times") || started.Load() != localneo4j.MaxRestarts {
		t.Errorf("a server that keeps dying: %v after %d restarts; want serve to give up after %d", err, started.Load(), localneo4j.MaxRestarts)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
