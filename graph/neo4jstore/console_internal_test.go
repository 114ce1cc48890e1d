package neo4jstore

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// plan is a plan tree as the driver gives it.
type plan struct {
	op       string
	args     map[string]any
	children []neo4j.Plan
}

func (p plan) Operator() string          { return p.op }
func (p plan) Arguments() map[string]any { return p.args }
func (p plan) Identifiers() []string     { return nil }
func (p plan) Children() []neo4j.Plan    { return p.children }

// TestForbiddenOperators: an operator outside the console's read
// operators is refused wherever it sits in the plan, whatever the
// statement's first word (Cypher 25 lets SHOW follow other clauses).
func TestForbiddenOperators(t *testing.T) {
	read := plan{op: "ProduceResults@neo4j", children: []neo4j.Plan{
		plan{op: "Expand(All)@neo4j", children: []neo4j.Plan{plan{op: "NodeByLabelScan@neo4j"}}},
	}}
	if r := forbidden(read); r != "" {
		t.Errorf("a read plan is refused: %s", r)
	}
	for _, op := range []string{"ShowTransactions@neo4j", "TerminateTransactions@neo4j", "ShowSettings@neo4j", "CreateNode@neo4j", "LoadCSV@neo4j"} {
		p := plan{op: "ProduceResults@neo4j", children: []neo4j.Plan{plan{op: "Apply@neo4j", children: []neo4j.Plan{plan{op: "Argument@neo4j"}, plan{op: op}}}}}
		if r := forbidden(p); r == "" || !strings.Contains(r, "not allowed") {
			t.Errorf("a plan with %s: %q, want it refused", op, r)
		}
	}
	if r := forbidden(plan{op: "ProcedureCall@neo4j", args: map[string]any{"Details": "dbms.listConfig()"}}); !strings.Contains(r, "dbms.listConfig") {
		t.Errorf("dbms.listConfig: %q", r)
	}
	for q, want := range map[string]string{"  // c\n/* d */ show settings": "SHOW", "MATCH (n) RETURN n": "MATCH", "\ufeffTERMINATE TRANSACTIONS 'x'": "TERMINATE", "// only a comment": ""} {
		if got := firstKeyword(q); got != want {
			t.Errorf("firstKeyword(%q) = %q, want %q", q, got, want)
		}
	}
}
