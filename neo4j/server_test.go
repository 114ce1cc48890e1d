package localneo4j_test

import (
	"context"
	"encoding/xml"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/neo4jstore"
	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
)

func TestPomAssemblesVersion(t *testing.T) {
	b, err := os.ReadFile("pom.xml")
	if err != nil {
		t.Fatal(err)
	}
	var pom struct {
		Properties struct {
			Version string `xml:"neo4j.version"`
			Browser string `xml:"browser.version"`
		} `xml:"properties"`
	}
	if err := xml.Unmarshal(b, &pom); err != nil {
		t.Fatal(err)
	}
	if pom.Properties.Version != localneo4j.Version {
		t.Errorf("pom.xml assembles Neo4j %q, package localneo4j says %q", pom.Properties.Version, localneo4j.Version)
	}
	if pom.Properties.Browser != localneo4j.BrowserVersion {
		t.Errorf("pom.xml assembles Neo4j Browser %q, package localneo4j says %q", pom.Properties.Browser, localneo4j.BrowserVersion)
	}
}

func TestSettingsFromEnv(t *testing.T) {
	got := localneo4j.SettingsFromEnv([]string{
		"NEO4J_server_memory_heap_max__size=1g",
		"NEO4J_dbms_security_auth__enabled=false",
		"NEO4J_URI=bolt://x", "NEO4J_AUTH=none", "PATH=/bin",
	})
	want := map[string]string{"server.memory.heap.max_size": "1g", "dbms.security.auth_enabled": "false"}
	if len(got) != len(want) {
		t.Fatalf("settings = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func libDir(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a local Neo4j")
	}
	if err := localneo4j.Supported(); err != nil {
		t.Skip(err)
	}
	lib := os.Getenv("CHOKEPOINT_NEO4J_LIB")
	if lib == "" {
		lib = localneo4j.DefaultLibDir()
	}
	if err := localneo4j.CheckLib(lib); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return lib
}

// alive reports whether process pid exists (signal 0 checks without
// signalling; on Windows, where the local server does not run, it says no).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// withMountWeld opens a store on srv, creates the schema and loads one
// facility, Mount Weld.
func withMountWeld(t *testing.T, srv *localneo4j.Server) *neo4jstore.Store {
	t.Helper()
	ctx := context.Background()
	store, err := neo4jstore.Open(neo4jstore.Config{URI: srv.BoltURI, User: localneo4j.User, Password: srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	ds := graph.Dataset{
		Countries:  []graph.Country{{Code: "AU", Name: "Australia"}},
		Facilities: []graph.Facility{{ID: "MTW_MINE", Name: "Mount Weld", Tier: graph.Mine, Country: "AU", Status: "operating", Provenance: graph.Provenance{Sources: []string{"https://en.wikipedia.org/wiki/Mount_Weld"}}}},
	}
	if _, err := store.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return store
}

// TestLocalServerKeepsDataAndStops starts the assembled server twice on one
// home: the password and the data survive the restart, and Stop leaves no
// JVM behind.
func TestLocalServerKeepsDataAndStops(t *testing.T) {
	lib := libDir(t)
	home := t.TempDir()
	ctx := context.Background()
	cfg := localneo4j.Config{LibDir: lib, Home: home}

	srv, err := localneo4j.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.BoltURI, "bolt://127.0.0.1:") || srv.Password == "" {
		t.Errorf("server at %s with password set %v; want loopback and a password", srv.BoltURI, srv.Password != "")
	}
	store := withMountWeld(t, srv)
	_ = store.Close(ctx)
	checkBrowser(t, srv.HTTPURL)
	pid := srv.Pid()
	if err := srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if alive(pid) {
		t.Fatalf("JVM %d still running after Stop", pid)
	}

	again, err := localneo4j.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = again.Stop(ctx) }()
	if again.Password != srv.Password {
		t.Errorf("the password changed across restarts")
	}
	store, err = neo4jstore.Open(neo4jstore.Config{URI: again.BoltURI, User: localneo4j.User, Password: again.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close(ctx) }()
	f, err := store.Facility(ctx, "MTW_MINE")
	if err != nil {
		t.Fatalf("after a restart: %v", err)
	}
	if f.Name != "Mount Weld" {
		t.Errorf("after a restart: %+v", f)
	}
}

// TestStartFailureIsClear: a server that cannot start fails Start with the
// reason (a taken port; the server's own log for a bad setting) and leaves
// no JVM.
func TestStartFailureIsClear(t *testing.T) {
	lib := libDir(t)
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	_, err = localneo4j.Start(context.Background(), localneo4j.Config{LibDir: lib, Home: t.TempDir(), BoltAddr: l.Addr().String()})
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+l.Addr().String()) {
		t.Errorf("Start on a taken Bolt port: %v, want an error naming the address", err)
	}

	_, err = localneo4j.Start(context.Background(), localneo4j.Config{LibDir: lib, Home: t.TempDir(),
		Auth: "none", Settings: map[string]string{"server.no_such_setting": "1"}})
	if err == nil {
		t.Fatal("Start with an unknown setting succeeded")
	}
	if !strings.Contains(err.Error(), "server.no_such_setting") {
		t.Errorf("error does not show the server's reason: %v", err)
	}
}

// checkBrowser asserts that the server serves Neo4j Browser at /browser/
// and the guide of the named queries beside it.
func checkBrowser(t *testing.T, httpURL string) {
	t.Helper()
	for _, c := range []struct{ path, want string }{
		{"/browser/", "<title>Neo4j Browser</title>"},
		{localneo4j.GuidePath, `:param {to: &#34;JP&#34;, elements: [&#34;Nd&#34;, &#34;Pr&#34;]`},
	} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, httpURL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", c.path, err)
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(body), c.want) {
			t.Errorf("GET %s: %d, %v, %.200q; want 200 with %q", c.path, resp.StatusCode, err, body, c.want)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q, want text/html", c.path, ct)
		}
	}
}

func TestGuideOffersEveryReadQuery(t *testing.T) {
	guide, err := localneo4j.Guide()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := cypher.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range lib.All() {
		in := strings.Contains(string(guide), "<h3>"+q.Name+"</h3>")
		if in == q.Write {
			t.Errorf("guide has %s: %v; want the read queries only (write %v)", q.Name, in, q.Write)
		}
	}
	if want := html.EscapeString(lib.MustGet("routes").Text); !strings.Contains(string(guide), want) {
		t.Errorf("the guide does not hold routes.cypher as it is")
	}
}

func TestMissingJarsSayHowToGetThem(t *testing.T) {
	err := localneo4j.CheckLib(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "make neo4j") {
		t.Errorf("CheckLib(empty dir) = %v, want advice to run make neo4j", err)
	}
}

// TestRestartAfterKill: a server killed with SIGKILL starts again on the
// same addresses with its data, and a driver that dialled the old one
// reads from the new one (serve restarts its local Neo4j this way).
func TestRestartAfterKill(t *testing.T) {
	lib := libDir(t)
	ctx := context.Background()
	srv, err := localneo4j.Start(ctx, localneo4j.Config{LibDir: lib, Home: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	store := withMountWeld(t, srv)
	defer func() { _ = store.Close(ctx) }()
	p, err := os.FindProcess(srv.Pid())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.Done()
	dead, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := store.Facility(dead, "MTW_MINE"); graph.ErrorKind(err) != graph.Unavailable {
		t.Errorf("with the server dead: %v; want unavailable", err)
	}
	again, err := srv.Restart(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = again.Stop(ctx) }()
	if again.BoltURI != srv.BoltURI || again.HTTPURL != srv.HTTPURL {
		t.Errorf("restarted at %s and %s, was %s and %s", again.BoltURI, again.HTTPURL, srv.BoltURI, srv.HTTPURL)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		f, err := store.Facility(ctx, "MTW_MINE")
		if err == nil {
			if f.Name != "Mount Weld" {
				t.Errorf("after the restart: %+v", f)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 s after the restart the old driver still fails: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
