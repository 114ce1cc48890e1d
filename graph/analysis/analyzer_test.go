package analysis

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// fakeSource counts its calls; its Fingerprint blocks while gate is set.
type fakeSource struct {
	exports, prints atomic.Int32
	fp              atomic.Value // string
	fail            atomic.Bool
	gate            chan struct{}
}

func (f *fakeSource) Export(context.Context) (graph.Dataset, error) {
	f.exports.Add(1)
	if f.fail.Load() {
		return graph.Dataset{}, errors.New("down")
	}
	return graph.Dataset{Facilities: []graph.Facility{{ID: "A", Tier: graph.Mine}}}, nil
}

func (f *fakeSource) Fingerprint(context.Context) (string, error) {
	f.prints.Add(1)
	if g := f.gate; g != nil {
		<-g
	}
	if f.fail.Load() {
		return "", errors.New("down")
	}
	v, _ := f.fp.Load().(string)
	return v, nil
}

// Readers on a cold analyzer share one build.
func TestAnalyzerOneBuildAtATime(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	a := New(src)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := a.Projection(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := src.exports.Load(); n != 1 {
		t.Fatalf("%d exports for 16 concurrent readers, want 1", n)
	}
}

// While a check of the graph is in flight, readers take the current
// projection without waiting for it; the change it finds is picked up.
func TestAnalyzerReadersDoNotWait(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	a := New(src)
	first, err := a.Projection(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	a.recheck = 0 // every read is due for a check
	src.gate = make(chan struct{})
	src.fp.Store("2")
	done := make(chan *Projection)
	go func() {
		p, _ := a.Projection(t.Context())
		done <- p
	}()
	select {
	case p := <-done:
		if p != first {
			t.Fatal("a reader got another projection while the check was blocked")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a reader waited for the check of the graph")
	}
	close(src.gate)
	deadline := time.Now().Add(5 * time.Second)
	for src.exports.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if src.exports.Load() != 2 {
		t.Fatalf("the changed fingerprint did not rebuild the projection (%d exports)", src.exports.Load())
	}
	src.gate = nil
	p, err := a.Projection(t.Context())
	if err != nil || p == first {
		t.Fatalf("after the rebuild: %v, same projection %v", err, p == first)
	}
}

// After Invalidate, and after a failed check, readers wait for a refresh
// and see its error: a database that went away is reported, not hidden.
func TestAnalyzerWaitsWhenUnusable(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	a := New(src)
	if _, err := a.Projection(t.Context()); err != nil {
		t.Fatal(err)
	}
	a.Invalidate()
	if _, err := a.Projection(t.Context()); err != nil || src.exports.Load() != 2 {
		t.Fatalf("after Invalidate: %v, %d exports; want a rebuild", err, src.exports.Load())
	}
	a.recheck = 0
	src.fail.Store(true)
	_, _ = a.Projection(t.Context()) // serves the current one, starts a check that fails
	deadline := time.Now().Add(5 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		if _, err = a.Projection(t.Context()); err != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err == nil {
		t.Fatal("with the source down, readers kept getting the old projection")
	}
	src.fail.Store(false)
	if _, err := a.Projection(t.Context()); err != nil {
		t.Fatalf("once the source is back: %v", err)
	}
}
