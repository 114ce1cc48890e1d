package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// TestErrorKinds: what the driver reports becomes the kind a client can
// act on. A stalled server surfaces as a connectivity error inside the
// driver's "gave up retrying" error, which used to be answered 500.
func TestErrorKinds(t *testing.T) {
	neo := func(code string) error { return &neo4j.Neo4jError{Code: code, Msg: "what Neo4j says\nmore"} }
	stalled := &neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 30s)",
		Errors: []error{&neo4j.ConnectivityError{Inner: errors.New("Timeout while waiting for connection")}}}
	for name, tc := range map[string]struct {
		err  error
		want graph.Kind
	}{
		"connectivity":                   {&neo4j.ConnectivityError{Inner: errors.New("dial tcp: refused")}, graph.Unavailable},
		"connectivity, wrapped":          {fmt.Errorf("export: %w", &neo4j.ConnectivityError{Inner: errors.New("refused")}), graph.Unavailable},
		"retries exhausted, connection":  {stalled, graph.Unavailable},
		"retries exhausted, memory pool": {&neo4j.TransactionExecutionLimit{Errors: []error{neo("Neo.TransientError.General.MemoryPoolOutOfMemoryError")}}, graph.Unavailable},
		"database unavailable":           {neo("Neo.TransientError.General.DatabaseUnavailable"), graph.Unavailable},
		"negative limit":                 {neo("Neo.ClientError.Statement.ArgumentError"), graph.Invalid},
		"timeout":                        {neo("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), graph.Unavailable},
		"anything else":                  {errors.New("boom"), graph.Internal},
	} {
		if got := graph.ErrorKind(wrap("query", tc.err)); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
	// The console's: the user's query is at fault, or too costly (not to
	// be retried), never "unavailable, retry".
	for name, tc := range map[string]struct {
		err  error
		want graph.Kind
	}{
		"syntax":            {neo("Neo.ClientError.Statement.SyntaxError"), graph.Invalid},
		"execution failed":  {neo("Neo.DatabaseError.Statement.ExecutionFailed"), graph.Invalid},
		"server timeout":    {neo("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), graph.TooCostly},
		"client deadline":   {fmt.Errorf("run: %w", context.DeadlineExceeded), graph.TooCostly},
		"memory pool":       {neo("Neo.TransientError.General.MemoryPoolOutOfMemoryError"), graph.TooCostly},
		"transaction limit": {neo("Neo.TransientError.General.TransactionOutOfMemoryError"), graph.TooCostly},
		"credentials":       {neo("Neo.ClientError.Security.Unauthorized"), graph.Unavailable},
		"stalled":           {stalled, graph.Unavailable},
	} {
		if got := graph.ErrorKind(consoleError(tc.err, 10*time.Second)); got != tc.want {
			t.Errorf("console, %s: %v, want %v", name, got, tc.want)
		}
	}
}
