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
	v, _ := f.fp.Load().(string) // read before the gate: the graph as it was
	g := f.gate
	f.prints.Add(1)
	if g != nil {
		<-g
	}
	if f.fail.Load() {
		return "", errors.New("down")
	}
	return v, nil
}

// describingSource is a fakeSource whose fingerprint "has X" describes a
// dataset whose first facility is X.
type describingSource struct{ *fakeSource }

func (describingSource) Describes(fp string, ds graph.Dataset) bool {
	return len(ds.Facilities) > 0 && fp == "has "+ds.Facilities[0].ID
}

// After an import, a process that knows the graph it wrote builds the
// projection from it, without reading the graph back, when the fingerprint
// says the graph is that dataset; otherwise it reads the graph.
func TestAnalyzerAdoptsWhatItWrote(t *testing.T) {
	src := describingSource{&fakeSource{}}
	src.fp.Store("has A")
	a := New(src)
	if _, err := a.Projection(t.Context()); err != nil {
		t.Fatal(err)
	}
	src.fp.Store("has B")
	wrote := graph.Dataset{Facilities: []graph.Facility{{ID: "B", Tier: graph.Mine}}}
	if ok, err := a.Adopt(t.Context(), wrote); !ok || err != nil {
		t.Fatalf("Adopt of the dataset the fingerprint describes: %v, %v", ok, err)
	}
	p, err := a.Projection(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := src.exports.Load(); n != 1 || len(p.Facilities) != 1 || p.Facilities[0].ID != "B" {
		t.Fatalf("after adopting B: %d exports (want 1, the first), facilities %v", n, p.Facilities)
	}
	// A writer in between: the graph is not what this process wrote.
	src.fp.Store("has C")
	if ok, err := a.Adopt(t.Context(), wrote); ok || err != nil {
		t.Fatalf("Adopt of a dataset the fingerprint does not describe: %v, %v", ok, err)
	}
	p, err = a.Projection(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := src.exports.Load(); n != 2 || p.Facilities[0].ID != "A" {
		t.Fatalf("after a failed adoption: %d exports (want 2), facilities %v (want the graph's, A)", n, p.Facilities)
	}
	// A source that cannot tell reads the graph again.
	plain := New(src.fakeSource)
	if ok, _ := plain.Adopt(t.Context(), wrote); ok {
		t.Fatal("a source that is no Describer adopted a dataset")
	}
}

// A refresh that began before an import does not store what it read, and
// readers after the import do not wait for it or take its projection.
func TestAnalyzerForgetsARefreshAnImportOvertook(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	gate := make(chan struct{})
	src.gate = gate
	a := New(src)
	first := make(chan *Projection)
	go func() {
		p, _ := a.Projection(t.Context())
		first <- p
	}()
	for src.prints.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// The refresh has read fingerprint 1 and waits; an import commits.
	src.fp.Store("2")
	src.gate = nil
	a.Invalidate()
	after := make(chan *Projection)
	go func() {
		p, _ := a.Projection(t.Context())
		after <- p
	}()
	var p2 *Projection
	select {
	case p2 = <-after:
	case <-time.After(5 * time.Second):
		t.Fatal("a reader after the import waited for the refresh that began before it")
	}
	close(gate)
	<-first
	if c := a.cur.Load(); c == nil || c.fp != "2" || c.proj != p2 {
		t.Fatalf("the refresh that began before the import replaced the one after it: %+v", c)
	}
}

// readsAtOnce checks that a reader gets want without waiting (when says
// in what state).
func readsAtOnce(t *testing.T, a *Analyzer, want *Projection, when string) {
	t.Helper()
	done := make(chan *Projection)
	go func() {
		p, _ := a.Projection(t.Context())
		done <- p
	}()
	select {
	case p := <-done:
		if p != want {
			t.Fatalf("a reader got another projection %s", when)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("a reader waited %s", when)
	}
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
	readsAtOnce(t, a, first, "while the check of the graph is blocked")
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

// Past maxAge the projection is rebuilt, though the fingerprint has not
// changed, while readers go on with the current one; past twice maxAge
// without a rebuild, they wait for one.
func TestAnalyzerRebuildsOldProjectionsInTheBackground(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	a := New(src)
	first, err := a.Projection(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	a.maxAge = 50 * time.Millisecond
	time.Sleep(60 * time.Millisecond)
	gate := make(chan struct{})
	src.gate = gate
	readsAtOnce(t, a, first, "past maxAge, before the rebuild")
	for src.prints.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	src.gate = nil
	close(gate)
	deadline := time.Now().Add(5 * time.Second)
	for src.exports.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := src.exports.Load(); n != 2 {
		t.Fatalf("past maxAge, with the fingerprint unchanged: %d exports, want 2 (a rebuild)", n)
	}
	// No rebuild for twice maxAge: a reader waits for one.
	a.maxAge = time.Hour
	if _, err := a.Projection(t.Context()); err != nil {
		t.Fatal(err)
	}
	n := src.exports.Load()
	a.maxAge = time.Millisecond
	time.Sleep(5 * time.Millisecond)
	a.recheck = time.Hour
	if _, err := a.Projection(t.Context()); err != nil || src.exports.Load() != n+1 {
		t.Fatalf("past twice maxAge: %v, %d exports after %d; want a rebuild before the answer", err, src.exports.Load(), n)
	}
}

// Holding gives the dataset of the current projection only while the
// graph's fingerprint is the one it was built at.
func TestAnalyzerHoldsTheGraphUntilItChanges(t *testing.T) {
	src := &fakeSource{}
	src.fp.Store("1")
	a := New(src)
	if _, ok := a.Holding(t.Context()); ok {
		t.Fatal("holding a graph before any projection")
	}
	if _, err := a.Projection(t.Context()); err != nil {
		t.Fatal(err)
	}
	ds, ok := a.Holding(t.Context())
	if !ok || len(ds.Facilities) != 1 || ds.Facilities[0].ID != "A" {
		t.Fatalf("holding the graph it read: %v, %v", ok, ds.Facilities)
	}
	src.fp.Store("2")
	if _, ok := a.Holding(t.Context()); ok {
		t.Fatal("holding a graph whose fingerprint changed")
	}
	a.Invalidate()
	src.fp.Store("1")
	if _, ok := a.Holding(t.Context()); ok {
		t.Fatal("holding a graph after Invalidate")
	}
}
