// Package cypher holds every Cypher statement Chokepoint runs, one per
// .cypher file, named by the file. Each file starts with a header of
// comment lines that documents it, so an analyst can open it and run it
// unchanged in cypher-shell or Neo4j Browser:
//
//	// @name facilities
//	// @description Facilities filtered by tier, country, company or text.
//	// @mode read
//	// @param tier string = null  A tier label such as "Magnet".
//	// @param limit int[1..1000] = 100  Page size.
//
// @mode is read (default) or write; @param gives a parameter's name, its
// type (string, int, float, bool, list<string>, map, list<map>; an int
// may carry its range, int[1..1000]), an optional default as a JSON
// literal, and a description. Statements under
// schema/ create the constraints and indexes, in file-name order.
package cypher

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.cypher schema/*.cypher
var files embed.FS

// Param documents one parameter of a query.
type Param struct {
	Name        string
	Type        string
	Default     any
	HasDefault  bool
	Description string
	// Min and Max bound an int parameter when HasRange (int[1..1000]).
	Min, Max int64
	HasRange bool
}

// Query is one named statement and its documentation.
type Query struct {
	Name        string
	File        string
	Description string
	Write       bool
	Params      []Param
	Text        string
}

// Defaults returns the parameters that have defaults, with their values,
// overlaid with params.
func (q *Query) Defaults(params map[string]any) map[string]any {
	out := make(map[string]any, len(q.Params)+len(params))
	for _, p := range q.Params {
		if p.HasDefault {
			out[p.Name] = p.Default
		}
	}
	maps.Copy(out, params)
	return out
}

// Library is the set of named queries.
type Library struct {
	queries map[string]*Query
	schema  []*Query
}

// Load parses every embedded .cypher file. It returns an error naming the
// file and line of any header it cannot parse.
func Load() (*Library, error) {
	return LoadFS(files)
}

// LoadFS parses the .cypher files of fsys (top level, and schema/).
func LoadFS(fsys fs.FS) (*Library, error) {
	lib := &Library{queries: map[string]*Query{}}
	for _, pattern := range []string{"*.cypher", "schema/*.cypher"} {
		names, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, fmt.Errorf("cypher: %w", err)
		}
		sort.Strings(names)
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("cypher: %w", err)
			}
			q, err := Parse(name, string(b))
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(name, "schema/") {
				lib.schema = append(lib.schema, q)
				continue
			}
			if _, dup := lib.queries[q.Name]; dup {
				return nil, fmt.Errorf("cypher: %s: query name %q used twice", name, q.Name)
			}
			lib.queries[q.Name] = q
		}
	}
	return lib, nil
}

// Get returns the named query, or false.
func (l *Library) Get(name string) (*Query, bool) {
	q, ok := l.queries[name]
	return q, ok
}

// MustGet returns the named query and panics when it is missing: use it
// only for the queries the program itself runs, which Load checks.
func (l *Library) MustGet(name string) *Query {
	q, ok := l.queries[name]
	if !ok {
		panic("cypher: no query named " + name)
	}
	return q
}

// All returns every query, ordered by name.
func (l *Library) All() []*Query {
	out := make([]*Query, 0, len(l.queries))
	for _, q := range l.queries {
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Schema returns the schema statements in the order to run them.
func (l *Library) Schema() []*Query { return l.schema }

var paramTypes = map[string]bool{
	"string": true, "int": true, "float": true, "bool": true,
	"list<string>": true, "map": true, "list<map>": true, "date": true,
}

// Parse reads one .cypher file: its header and its statement.
func Parse(file, text string) (*Query, error) {
	q := &Query{File: file, Text: strings.TrimSpace(text)}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "//") {
			if line == "" {
				continue
			}
			break
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "//"))
		if !strings.HasPrefix(line, "@") {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		where := fmt.Sprintf("cypher: %s:%d", file, i+1)
		switch key {
		case "@name":
			q.Name = rest
		case "@description":
			q.Description = rest
		case "@mode":
			switch rest {
			case "read":
			case "write":
				q.Write = true
			default:
				return nil, fmt.Errorf("%s: @mode %q: want read or write", where, rest)
			}
		case "@param":
			p, err := parseParam(rest)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			q.Params = append(q.Params, p)
		default:
			return nil, fmt.Errorf("%s: unknown header key %s", where, key)
		}
	}
	if q.Name == "" {
		q.Name = strings.TrimSuffix(path.Base(file), ".cypher")
	}
	if want := strings.TrimSuffix(path.Base(file), ".cypher"); q.Name != want {
		return nil, fmt.Errorf("cypher: %s: @name %q differs from the file name", file, q.Name)
	}
	if q.Description == "" {
		return nil, fmt.Errorf("cypher: %s: no @description", file)
	}
	return q, nil
}

// parseParam reads "name type [= default] description".
func parseParam(s string) (Param, error) {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return Param{}, fmt.Errorf("@param %q: want name, type, optional = default, description", s)
	}
	p := Param{Name: fields[0], Type: fields[1]}
	if m := intRange.FindStringSubmatch(p.Type); m != nil {
		p.Type, p.HasRange = "int", true
		p.Min, _ = strconv.ParseInt(m[1], 10, 64)
		p.Max, _ = strconv.ParseInt(m[2], 10, 64)
		if p.Min > p.Max {
			return Param{}, fmt.Errorf("@param %s: range %s is empty", p.Name, fields[1])
		}
	}
	if !paramTypes[p.Type] {
		return Param{}, fmt.Errorf("@param %s: unknown type %q", p.Name, p.Type)
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, fields[0]), " "))
	rest = strings.TrimSpace(strings.TrimPrefix(rest, fields[1]))
	if after, ok := strings.CutPrefix(rest, "="); ok {
		rest = strings.TrimSpace(after)
		dec := json.NewDecoder(strings.NewReader(rest))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return Param{}, fmt.Errorf("@param %s: default is not a JSON literal: %w", p.Name, err)
		}
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		p.Default, p.HasDefault = v, true
		rest = strings.TrimSpace(rest[dec.InputOffset():])
	}
	p.Description = rest
	if d, ok := p.Default.(int64); ok && p.HasRange && (d < p.Min || d > p.Max) {
		return Param{}, fmt.Errorf("@param %s: default %d is outside %s", p.Name, d, fields[1])
	}
	return p, nil
}

// intRange is an int parameter's type with its range: int[1..1000].
var intRange = regexp.MustCompile(`^int\[(-?\d+)\.\.(-?\d+)\]$`)
