// Package neo4jstore implements graph.Store on Neo4j with the official Go
// driver. It is the only package that imports the driver: every statement
// it runs is a named query of package cypher.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/chokepoint-dev/chokepoint/cypher"
	"github.com/chokepoint-dev/chokepoint/graph"
)

// Config says which Neo4j to use and how.
type Config struct {
	URI      string // bolt://, neo4j:// (cluster routing) or neo4j+s:// (Aura)
	User     string
	Password string
	Database string // empty: "neo4j"
	// ReadTimeout and WriteTimeout are transaction timeouts; zero means
	// 15 s for reads and 5 min for writes (a whole dataset in one
	// transaction).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	Logger       *slog.Logger
	// OnQuery, when set, is told each statement's (or load's, export's)
	// name and duration, for metrics.
	OnQuery func(name string, d time.Duration)
}

// Store is a graph.Store on Neo4j. One Store (one driver) serves a process.
type Store struct {
	driver neo4j.DriverWithContext
	lib    *cypher.Library
	cfg    Config
	// loading is held by the one load (import) running: a second one is
	// refused at once (Conflict) rather than racing the first.
	loading sync.Mutex
	// commit orders reads around a load's commit. Neo4j reads are read
	// committed, and a large commit becomes visible record by record: a
	// read beside it saw facilities with every property null and no
	// flows. Every read transaction holds commit's read lock (but the
	// console's, which may run 10 s, and the health probe's); a load holds
	// the write lock only while it commits, so readers wait for the
	// commit, never for the load's writing. It orders this process's
	// readers only: across replicas, Export checks the graph's generation.
	commit sync.RWMutex
	// printed is the last fingerprint read, with the database's bookmark
	// (see Fingerprint).
	printed atomic.Pointer[printed]
}

var _ graph.Store = (*Store)(nil)

// Open creates the driver and loads the query library. It does not contact
// the server; call Ping or EnsureSchema for that.
func Open(cfg Config) (*Store, error) {
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 15 * time.Second
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	lib, err := cypher.Load()
	if err != nil {
		return nil, err
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLogger{cfg.Logger.With("component", "neo4j-driver")}
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 30 * time.Second
		c.MaxConnectionPoolSize = 64
	})
	if err != nil {
		return nil, &graph.Error{Kind: graph.Invalid, Op: "open neo4j", Message: "bad NEO4J_URI", Err: err}
	}
	return &Store{driver: drv, lib: lib, cfg: cfg}, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	return s.driver.Close(ctx)
}

// Database returns the name of the database the store uses.
func (s *Store) Database() string { return s.cfg.Database }

// Library returns the store's query library.
func (s *Store) Library() *cypher.Library { return s.lib }

// EnsureSchema creates the constraints and indexes of cypher/schema; it is
// idempotent.
func (s *Store) EnsureSchema(ctx context.Context) error {
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	for _, q := range s.lib.Schema() {
		_, err := session.Run(ctx, q.Text, nil, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
		if err == nil {
			continue
		}
		return wrap("ensure schema "+q.Name, err)
	}
	return nil
}

// Health returns the server's version and edition.
func (s *Store) Health(ctx context.Context) (graph.Health, error) {
	// Not behind the commit lock: a probe must not wait for a commit.
	h, err := readOneWith(ctx, s, "health", nil, false, func(r *neo4j.Record) (graph.Health, error) {
		var h graph.Health
		var err error
		if h.Version, err = get[string](r, "version"); err != nil {
			return h, err
		}
		h.Edition, err = get[string](r, "edition")
		return h, err
	})
	if err != nil {
		return graph.Health{}, err
	}
	h.Database = s.cfg.Database
	return h, nil
}

// Facilities returns one page of the facilities that match f.
func (s *Store) Facilities(ctx context.Context, f graph.FacilityFilter) ([]graph.Facility, string, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	params := map[string]any{
		"tier": nullable(f.Tier), "country": nullable(f.Country), "company": nullable(f.Company),
		"status": nullable(f.Status), "q": nullable(f.Query), "after": f.After,
		// Fetch one more than asked to know whether there is a next page.
		"limit": int64(f.Limit + 1),
	}
	list, err := readAll(ctx, s, "facilities", params, facilityFromRecord)
	if err != nil {
		return nil, "", err
	}
	list, next := page(list, f.Limit, func(f graph.Facility) string { return f.ID })
	return list, next, nil
}

// page cuts a list fetched with limit+1 rows to limit and returns the key
// of its last row as the next cursor, or "" when there is no next page.
func page[T any](list []T, limit int, key func(T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, key(list[len(list)-1])
}

// Facility returns the facility with the given id.
func (s *Store) Facility(ctx context.Context, id string) (graph.Facility, error) {
	list, err := readAll(ctx, s, "facility", map[string]any{"id": id}, facilityFromRecord)
	if err != nil {
		return graph.Facility{}, err
	}
	if len(list) == 0 {
		return graph.Facility{}, graph.Errorf(graph.NotFound, "get facility", "no facility with id %q", id)
	}
	return list[0], nil
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode})
}

// readAll runs a named read query in a read transaction and maps every
// record.
func readAll[T any](ctx context.Context, s *Store, name string, params map[string]any, mapRecord func(*neo4j.Record) (T, error)) ([]T, error) {
	return readAllWith(ctx, s, name, params, true, mapRecord)
}

// readAllWith is readAll; when locked, behind the commit lock
// (Store.commit) and between two readings of the graph's generation
// (stableRead). Health reads unlocked: a probe must not wait for a commit.
func readAllWith[T any](ctx context.Context, s *Store, name string, params map[string]any, locked bool, mapRecord func(*neo4j.Record) (T, error)) ([]T, error) {
	defer s.observe(name, time.Now())
	q := s.lib.MustGet(name)
	read := func(tx neo4j.ManagedTransaction) ([]T, error) {
		return collect(ctx, tx, q.Text, q.Defaults(params), mapRecord)
	}
	if locked {
		// Lists, stats and named queries see one graph, as exports do:
		// another replica's import committing beside them tore 2 of 506
		// reads in a CI run.
		return stableRead(ctx, s, name, s.cfg.ReadTimeout, read)
	}
	session := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(ctx, session)
	out, err := neo4j.ExecuteRead(ctx, session, read, neo4j.WithTxTimeout(s.cfg.ReadTimeout))
	if err != nil {
		return nil, wrap(name, err)
	}
	return out, nil
}

func readOne[T any](ctx context.Context, s *Store, name string, params map[string]any, mapRecord func(*neo4j.Record) (T, error)) (T, error) {
	return readOneWith(ctx, s, name, params, true, mapRecord)
}

func readOneWith[T any](ctx context.Context, s *Store, name string, params map[string]any, locked bool, mapRecord func(*neo4j.Record) (T, error)) (T, error) {
	list, err := readAllWith(ctx, s, name, params, locked, mapRecord)
	var zero T
	if err != nil {
		return zero, err
	}
	if len(list) != 1 {
		return zero, &graph.Error{Kind: graph.Internal, Op: name, Message: fmt.Sprintf("want one record, got %d", len(list))}
	}
	return list[0], nil
}

// wrap turns a driver error into a graph.Error of the right kind.
func wrap(op string, err error) error {
	var ge *graph.Error
	switch {
	case errors.As(err, &ge):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "the query was cancelled or timed out", Err: err}
	}
	// A managed transaction that gave up retrying says why in its last
	// error: a connectivity error there (a stalled server: "Timeout while
	// waiting for connection") is the server being unavailable, not a bug.
	if tel, ok := errors.AsType[*neo4j.TransactionExecutionLimit](err); ok && len(tel.Errors) > 0 {
		inner := wrap(op, tel.Errors[len(tel.Errors)-1])
		if ge, ok := errors.AsType[*graph.Error](inner); ok {
			return &graph.Error{Kind: ge.Kind, Op: op, Message: ge.Message, Fields: ge.Fields, Err: err}
		}
	}
	if _, ok := errors.AsType[*neo4j.ConnectivityError](err); ok {
		return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "Neo4j cannot be reached", Err: err}
	}
	if ne, ok := errors.AsType[*neo4j.Neo4jError](err); ok {
		switch {
		case ne.Code == "Neo.TransientError.General.DatabaseUnavailable":
			return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "the database is not available (starting or stopping)", Err: err}
		case strings.HasPrefix(ne.Code, "Neo.TransientError.General.") && strings.Contains(ne.Code, "OutOfMemory"):
			return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "Neo4j has no memory to spare for queries now", Err: err}
		case ne.Code == "Neo.ClientError.Statement.ArgumentError":
			// A parameter out of range (a negative LIMIT): the caller's.
			msg, _, _ := strings.Cut(ne.Msg, "\n")
			return &graph.Error{Kind: graph.Invalid, Op: op, Message: "ArgumentError: " + msg, Err: err}
		}
		switch ne.Code {
		case "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit":
			return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "Neo4j refused the credentials", Err: err}
		case "Neo.ClientError.Transaction.TransactionTimedOut",
			"Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "the query timed out", Err: err}
		case "Neo.ClientError.Database.DatabaseNotFound":
			return &graph.Error{Kind: graph.Unavailable, Op: op, Message: "the database does not exist", Err: err}
		case "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &graph.Error{Kind: graph.Conflict, Op: op, Message: "the change violates a constraint", Err: err}
		}
	}
	return &graph.Error{Kind: graph.Internal, Op: op, Err: err}
}

// observe reports a statement's duration to OnQuery.
func (s *Store) observe(name string, start time.Time) {
	if s.cfg.OnQuery != nil {
		s.cfg.OnQuery(name, time.Since(start))
	}
}

// closeSession closes a session; its error says nothing the transaction
// did not already say.
func closeSession(ctx context.Context, s neo4j.SessionWithContext) { _ = s.Close(ctx) }

// nullable is s as a query parameter: null when empty (a property that is
// not set, a filter that matches everything), else a plain string.
func nullable[T ~string](s T) any {
	if s == "" {
		return nil
	}
	return string(s)
}

// Verify asks Neo4j to plan (EXPLAIN) every statement of the library, so a
// query that does not parse fails at start-up, not at first use. Schema
// statements are left out: EnsureSchema runs them.
func (s *Store) Verify(ctx context.Context) error {
	session := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(ctx, session)
	for _, q := range s.lib.All() {
		res, err := session.Run(ctx, "EXPLAIN "+q.Text, q.Defaults(nil), neo4j.WithTxTimeout(s.cfg.ReadTimeout))
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return wrap("verify query "+q.File, err)
		}
	}
	return nil
}

// Query runs a named read query of the library with params (defaults
// filled in) and returns its records as maps.
func (s *Store) Query(ctx context.Context, name string, params map[string]any) ([]map[string]any, error) {
	_, rows, err := s.QueryRows(ctx, name, params)
	return rows, err
}

// QueryRows is Query with the columns in the query's RETURN order (none
// when no record came back), which a map does not keep.
func (s *Store) QueryRows(ctx context.Context, name string, params map[string]any) ([]string, []map[string]any, error) {
	q, ok := s.lib.Get(name)
	if !ok {
		return nil, nil, graph.Errorf(graph.NotFound, "query", "no query named %q", name)
	}
	if q.Write {
		return nil, nil, graph.Errorf(graph.Invalid, "query", "%s writes; only read queries run here", name)
	}
	var columns []string
	rows, err := readAll(ctx, s, name, params, func(r *neo4j.Record) (map[string]any, error) {
		if columns == nil {
			columns = slices.Clone(r.Keys)
		}
		return r.AsMap(), nil
	})
	return columns, rows, err
}

func asNeo4jError(err error, target **neo4j.Neo4jError) bool { return errors.As(err, target) }
