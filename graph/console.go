package graph

import "time"

// ConsoleLimits bound what the read-only Cypher console may do.
type ConsoleLimits struct {
	// MaxRows cuts the result after this many rows (Truncated is set).
	MaxRows int
	// MaxBytes cuts the result once its values take about this many bytes.
	MaxBytes int
	// Timeout bounds the query's transaction on the server; zero means
	// the store's default (10 s for Neo4j).
	Timeout time.Duration
}

// ConsoleNode is a node met in a console result.
type ConsoleNode struct {
	ID     string         `json:"id"`
	Labels []string       `json:"labels"`
	Props  map[string]any `json:"properties"`
}

// ConsoleRel is a relationship met in a console result.
type ConsoleRel struct {
	ID    string         `json:"id"`
	Type  string         `json:"type"`
	Start string         `json:"start"`
	End   string         `json:"end"`
	Props map[string]any `json:"properties"`
}

// ConsoleResult is a console query's result as a table and as a graph.
type ConsoleResult struct {
	Columns   []string      `json:"columns"`
	Rows      [][]any       `json:"rows"`
	Nodes     []ConsoleNode `json:"nodes"`
	Rels      []ConsoleRel  `json:"relationships"`
	Truncated bool          `json:"truncated"`
	ElapsedMs int64         `json:"elapsedMs"`
}
