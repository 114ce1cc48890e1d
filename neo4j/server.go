// Package localneo4j runs a real Neo4j Community server (5.26 LTS)
// assembled from Maven Central: the jars of org.neo4j:neo4j copied into a
// lib folder by pom.xml, started with org.neo4j.server.CommunityEntryPoint,
// a home directory and a generated neo4j.conf — the same server the
// official tarball runs. It is what `chokepoint serve` starts when no
// NEO4J_URI is given, what `chokepoint neo4j` runs in the foreground, and
// the entry point of the local test image.
//
// It lives in the folder neo4j/ beside the assembly (pom.xml, embedded) and
// the image, but is not named neo4j: that is the driver's package, which
// the store imports.
//
// Process control is per platform: on Linux the JVM runs in its own process
// group and dies with us (Pdeathsig); on macOS and the BSDs in its own group
// only (see procattr_unix.go for what that loses); on Windows Start returns
// an error that says to set NEO4J_URI (see proc_other.go for why).
package localneo4j

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is the Neo4j release that pom.xml assembles.
const Version = "5.26.30"

// User is the name of Neo4j's built-in administrator.
const User = "neo4j"

// DefaultHeap and DefaultPageCache size the JVM when Config leaves HeapMax
// and PageCache empty.
const (
	DefaultHeap      = "1g"
	DefaultPageCache = "256m"
)

// Supported reports whether the local server can run on this platform: nil
// on Linux, macOS and the other Unixes; on Windows the error Start returns,
// which says to set NEO4J_URI.
func Supported() error { return supported() }

const (
	entryPoint = "org.neo4j.server.CommunityEntryPoint"
	adminTool  = "org.neo4j.cli.AdminTool"
)

// jvmOptions are the options of the default neo4j.conf of the 5.26 tarball
// that the server needs on Java 17 (the bootloader normally adds them).
var jvmOptions = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+UnlockExperimentalVMOptions",
	"-XX:+TrustFinalNonStaticFields",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Djdk.tls.ephemeralDHKeySize=2048",
	"-Djdk.tls.rejectClientInitiatedRenegotiation=true",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
	"--enable-native-access=ALL-UNNAMED",
	"-Dlog4j2.disable.jmx=true",
}

// Config says where the server's jars and data live and how it listens.
type Config struct {
	// LibDir holds the server's jars (see Assemble).
	LibDir string
	// Home is the server's home: conf/, data/, logs/, run/ live below it.
	// The data survives restarts.
	Home string
	// BoltAddr and HTTPAddr are host:port listen addresses; port 0 picks a
	// free port. Empty means 127.0.0.1:0.
	BoltAddr string
	HTTPAddr string
	// Auth is "none" or "neo4j/<password>" (as NEO4J_AUTH of the official
	// image). Empty means a password generated on first start and kept in
	// Home/password.
	Auth string
	// HeapMax and PageCache size the JVM (e.g. "512m"); empty means
	// DefaultHeap and DefaultPageCache (a whole import is one transaction,
	// held in the heap).
	HeapMax   string
	PageCache string
	// Settings are extra neo4j.conf settings.
	Settings map[string]string
	// Java is the java executable; empty means $JAVA_HOME/bin/java or java.
	Java string
	// Console receives the server's console output; nil writes it to
	// Home/logs/console.log.
	Console io.Writer
	// StartTimeout bounds the wait for Bolt; zero means 90 s.
	StartTimeout time.Duration
	Logger       *slog.Logger
}

// Server is a running Neo4j server process.
type Server struct {
	// BoltURI is the bolt:// address clients connect to.
	BoltURI string
	// HTTPURL is the http:// address of its HTTP API.
	HTTPURL string
	// Password is the neo4j user's password; empty when auth is off.
	Password string

	cfg      Config
	boltAddr string // the listen addresses, ports chosen
	httpAddr string
	cmd      *exec.Cmd
	done     chan struct{}
	waitErr  error
	stopOnce sync.Once
	console  io.Closer
}

// Start writes the configuration, sets the initial password on a new
// database, starts the JVM and waits until Bolt accepts connections. It
// returns an error that includes the tail of the server's log when the
// server exits or does not answer within cfg.StartTimeout; in that case no
// process is left running. On Windows it returns Supported's error.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if err := supported(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 90 * time.Second
	}
	java, err := prepareHome(cfg)
	if err != nil {
		return nil, err
	}
	boltAddr, err := listenAddr(cfg.BoltAddr)
	if err != nil {
		return nil, fmt.Errorf("neo4j: bolt address: %w", err)
	}
	httpAddr, err := listenAddr(cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("neo4j: http address: %w", err)
	}
	for _, addr := range []string{boltAddr, httpAddr} {
		if err := portFree(addr); err != nil {
			return nil, fmt.Errorf("neo4j: cannot listen on %s (another Neo4j may be running; stop it or choose another address): %w", addr, err)
		}
	}
	authOn, password, err := resolveAuth(cfg)
	if err != nil {
		return nil, err
	}
	if err := writeGuide(cfg.LibDir); err != nil {
		// A read-only lib keeps the guide it has: the server runs anyway.
		cfg.Logger.Warn("neo4j: the Browser guide of the named queries is not up to date", "err", err.Error())
	}
	conf := settings(cfg, boltAddr, httpAddr, authOn)
	if err := writeConf(filepath.Join(cfg.Home, "conf", "neo4j.conf"), conf); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "NEO4J_HOME="+cfg.Home, "NEO4J_CONF="+filepath.Join(cfg.Home, "conf"))
	if authOn && !databaseExists(cfg.Home) {
		out, err := runAdmin(ctx, java, cfg.LibDir, env, "dbms", "set-initial-password", password)
		if err != nil {
			return nil, fmt.Errorf("neo4j: set initial password: %w:\n%s", err, firstLines(out, 6))
		}
	}

	console := cfg.Console
	var closer io.Closer
	if console == nil {
		f, err := os.OpenFile(filepath.Join(cfg.Home, "logs", "console.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("neo4j: open console log: %w", err)
		}
		console, closer = f, f
	}
	heap := orDefault(cfg.HeapMax, DefaultHeap)
	if h := cfg.Settings["server.memory.heap.max_size"]; h != "" {
		heap = h // as the official image's NEO4J_server_memory_heap_max__size
	}
	args := []string{"-Xms" + heap, "-Xmx" + heap}
	args = append(args, jvmOptions...)
	args = append(args, "-cp", filepath.Join(cfg.LibDir, "*"), entryPoint,
		"--home-dir="+cfg.Home, "--config-dir="+filepath.Join(cfg.Home, "conf"), "--console-mode")
	// The JVM must not outlive us: it is started with its own start-up
	// context (not ctx, which only bounds the wait) and dies with its parent.
	cmd := exec.Command(java, args...) //nolint:noctx // lifetime is managed by Stop, not a context
	cmd.Env = env
	cmd.Dir = cfg.Home
	// The server says "Started." on its console once Bolt and HTTP are up:
	// that, not a port that answers (it may be somebody else's), is ready.
	started := &lineWatcher{want: "INFO  Started.", seen: make(chan struct{})}
	cmd.Stdout = io.MultiWriter(console, started)
	cmd.Stderr = console
	setProcAttr(cmd)
	began := time.Now()
	if err := cmd.Start(); err != nil {
		if closer != nil {
			_ = closer.Close()
		}
		return nil, fmt.Errorf("neo4j: start %s: %w", java, err)
	}
	s := &Server{
		BoltURI:  "bolt://" + dialAddr(boltAddr),
		HTTPURL:  "http://" + dialAddr(httpAddr),
		boltAddr: boltAddr,
		httpAddr: httpAddr,
		Password: password,
		cfg:      cfg,
		cmd:      cmd,
		done:     make(chan struct{}),
		console:  closer,
	}
	go func() {
		s.waitErr = cmd.Wait()
		if s.console != nil {
			_ = s.console.Close()
		}
		close(s.done)
	}()
	cfg.Logger.Info("neo4j starting", "version", Version, "pid", cmd.Process.Pid, "home", cfg.Home, "bolt", s.BoltURI)
	if err := s.waitReady(ctx, dialAddr(boltAddr), started.seen); err != nil {
		_ = s.Stop(context.Background())
		return nil, err
	}
	cfg.Logger.Info("neo4j ready", "bolt", s.BoltURI, "http", s.HTTPURL, "startup", time.Since(began).Round(time.Millisecond).String())
	return s, nil
}

// waitReady waits until the server has said it started and its Bolt port
// accepts a connection, or the process exits, ctx ends or the start timeout
// passes.
func (s *Server) waitReady(ctx context.Context, addr string, started <-chan struct{}) error {
	deadline := time.NewTimer(s.cfg.StartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var d net.Dialer
	for {
		select {
		case <-started:
			dctx, cancel := context.WithTimeout(ctx, time.Second)
			conn, err := d.DialContext(dctx, "tcp", addr)
			cancel()
			if err == nil {
				_ = conn.Close()
				return nil
			}
		default:
		}
		select {
		case <-s.done:
			return fmt.Errorf("neo4j: server exited during start-up (%w); last lines of its log:\n%s", s.waitErr, s.LogTail(20))
		case <-ctx.Done():
			return fmt.Errorf("neo4j: start cancelled: %w", ctx.Err())
		case <-deadline.C:
			return fmt.Errorf("neo4j: Bolt did not answer on %s within %s; last lines of its log:\n%s", addr, s.cfg.StartTimeout, s.LogTail(20))
		case <-tick.C:
		}
	}
}

// Wait blocks until the server process exits and returns its exit error.
func (s *Server) Wait() error {
	<-s.done
	return s.waitErr
}

// Restart starts the server again, after its process exited, on the same
// home and the same Bolt and HTTP addresses: clients that dialled it (a
// driver's pool) find it again where it was.
func (s *Server) Restart(ctx context.Context) (*Server, error) {
	cfg := s.cfg
	cfg.BoltAddr, cfg.HTTPAddr = s.boltAddr, s.httpAddr
	return Start(ctx, cfg)
}

// Done is closed when the server process has exited.
func (s *Server) Done() <-chan struct{} { return s.done }

// Stop asks the JVM to shut down (SIGTERM), waits for it until ctx ends or
// 60 s pass, then kills it. It is safe to call more than once.
func (s *Server) Stop(ctx context.Context) error {
	var err error
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
			return
		default:
		}
		_ = terminate(s.cmd.Process)
		grace := time.NewTimer(60 * time.Second)
		defer grace.Stop()
		select {
		case <-s.done:
		case <-ctx.Done():
			err = s.kill()
		case <-grace.C:
			err = s.kill()
		}
		s.cfg.Logger.Info("neo4j stopped", "pid", s.cmd.Process.Pid)
	})
	return err
}

func (s *Server) kill() error {
	// The JVM runs in its own process group: kill the whole group.
	_ = killGroup(s.cmd.Process)
	<-s.done
	return errors.New("neo4j: did not stop in time and was killed")
}

// Pid returns the JVM's process id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// LogTail returns the last n lines of the server's neo4j.log (or, when it
// has none yet, of its console log).
func (s *Server) LogTail(n int) string {
	for _, name := range []string{"neo4j.log", "console.log"} {
		b, err := os.ReadFile(filepath.Join(s.cfg.Home, "logs", name))
		if err == nil && len(b) > 0 {
			return lastLines(b, n)
		}
	}
	return "(no log written)"
}

// CheckLib reports whether dir holds an assembled server, with an error
// that says how to assemble one.
func CheckLib(dir string) error {
	if dir == "" {
		return errors.New("neo4j: no lib directory given")
	}
	if _, err := os.Stat(filepath.Join(dir, "neo4j-"+Version+".jar")); err != nil {
		return fmt.Errorf("neo4j: server jars not found in %s (run `make neo4j` or `chokepoint neo4j assemble`, which need Maven; or set NEO4J_URI to use another server): %w", dir, err)
	}
	return nil
}

func resolveAuth(cfg Config) (on bool, password string, err error) {
	switch {
	case cfg.Auth == "none":
		return false, "", nil
	case strings.HasPrefix(cfg.Auth, User+"/"):
		password = strings.TrimPrefix(cfg.Auth, User+"/")
	case cfg.Auth != "":
		return false, "", fmt.Errorf("neo4j: auth %q: want \"none\" or \"neo4j/<password>\"", maskAuth(cfg.Auth))
	default:
		password, err = storedPassword(filepath.Join(cfg.Home, "password"))
		if err != nil {
			return false, "", err
		}
	}
	if len(password) < 8 {
		return false, "", errors.New("neo4j: the password must have at least 8 characters")
	}
	if strings.HasPrefix(password, "-") {
		// neo4j-admin would read it as an option.
		return false, "", errors.New("neo4j: the password must not start with -")
	}
	return true, password, nil
}

// storedPassword reads the password kept in path, or generates and keeps
// one (mode 0600) when there is none.
func storedPassword(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("neo4j: read password: %w", err)
	}
	buf := make([]byte, 18)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("neo4j: generate password: %w", err)
	}
	// Hex, not base64url: a password that starts with "-" is read by
	// neo4j-admin as an option, and the first start fails (1 in 64 did).
	pw := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(pw+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("neo4j: write password: %w", err)
	}
	return pw, nil
}

func settings(cfg Config, boltAddr, httpAddr string, authOn bool) map[string]string {
	home := cfg.Home
	m := map[string]string{
		"server.directories.data":        filepath.Join(home, "data"),
		"server.directories.logs":        filepath.Join(home, "logs"),
		"server.directories.run":         filepath.Join(home, "run"),
		"server.directories.plugins":     filepath.Join(home, "plugins"),
		"server.directories.import":      filepath.Join(home, "import"),
		"server.bolt.listen_address":     boltAddr,
		"server.bolt.advertised_address": dialAddr(boltAddr),
		"server.http.listen_address":     httpAddr,
		"server.http.advertised_address": dialAddr(httpAddr),
		"server.https.enabled":           "false",
		// Neo4j Browser (its jar, with the guide: see writeGuide), allowed
		// to fetch guides from this machine (5.26 spells the setting
		// whitelist), opens the guide of the named queries once connected.
		"browser.remote_content_hostname_whitelist": "guides.neo4j.com,localhost,127.0.0.1",
		"browser.post_connect_cmd":                  "guide http://" + dialAddr(httpAddr) + GuidePath,
		"server.memory.pagecache.size":              orDefault(cfg.PageCache, DefaultPageCache),
		"dbms.security.auth_enabled":                strconv.FormatBool(authOn),
		"dbms.usage_report.enabled":                 "false",
		"server.logs.gc.enabled":                    "false",
		"db.tx_log.rotation.retention_policy":       "2 days",
		// Bolt's Netty server otherwise idles 2 x 5 s on shutdown.
		"internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
		"internal.server.bolt.connection_shutdown_wait_time":    "1s",
	}
	maps.Copy(m, cfg.Settings)
	return m
}

func writeConf(path string, m map[string]string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# Generated by chokepoint at every start; edits are overwritten.\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s\n", k, m[k])
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("neo4j: write %s: %w", path, err)
	}
	return nil
}

// databaseExists reports whether the server has started on this home
// before (the initial password can only be set before that).
func databaseExists(home string) bool {
	_, err := os.Stat(filepath.Join(home, "data", "databases", "system"))
	return err == nil
}

func runAdmin(ctx context.Context, java, lib string, env []string, args ...string) ([]byte, error) {
	full := append([]string{"-cp", filepath.Join(lib, "*"), adminTool}, args...)
	cmd := exec.CommandContext(ctx, java, full...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

// portFree reports whether addr can be listened on now.
func portFree(addr string) error {
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return err
	}
	return l.Close()
}

// lineWatcher closes seen when a line containing want is written to it.
type lineWatcher struct {
	want string
	seen chan struct{}
	mu   sync.Mutex
	buf  []byte
	done bool
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		if bytes.Contains(w.buf[:i], []byte(w.want)) {
			w.done = true
			w.buf = nil
			close(w.seen)
			return len(p), nil
		}
		w.buf = w.buf[i+1:]
	}
	if len(w.buf) > 64*1024 {
		w.buf = w.buf[len(w.buf)-1024:]
	}
	return len(p), nil
}

// listenAddr resolves a host:port, replacing port 0 with a free port.
func listenAddr(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if port != "0" {
		return addr, nil
	}
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", net.JoinHostPort(orDefault(host, "127.0.0.1"), "0"))
	if err != nil {
		return "", err
	}
	defer func() { _ = l.Close() }()
	_, port, _ = net.SplitHostPort(l.Addr().String())
	return net.JoinHostPort(host, port), nil
}

// dialAddr turns a listen address into one a local client can dial.
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func javaPath(java string) (string, error) {
	if java == "" {
		if jh := os.Getenv("JAVA_HOME"); jh != "" {
			java = filepath.Join(jh, "bin", "java")
		} else {
			java = "java"
		}
	}
	p, err := exec.LookPath(java)
	if err != nil {
		return "", fmt.Errorf("neo4j: Java 17 or later is needed to run the local server: %w", err)
	}
	return p, nil
}

func lastLines(b []byte, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// firstLines returns the first n lines of b: a Java exception's message
// comes before its stack.
func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func maskAuth(s string) string {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i+1] + "****"
	}
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
