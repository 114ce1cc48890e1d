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
	"reflect"
	"regexp"
	"slices"
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

// ParamCommand returns the cypher-shell and Neo4j Browser command that sets
// the query's parameters, `:param {name: value, …}`: its header's defaults
// overlaid with params, in the header's order (parameters without a default
// and not in params are left out), then any other key of params by name. It
// returns "" when there is nothing to set.
func (q *Query) ParamCommand(params map[string]any) string {
	values := q.Defaults(params)
	if len(values) == 0 {
		return ""
	}
	var keys []string
	for _, p := range q.Params {
		if _, ok := values[p.Name]; ok {
			keys = append(keys, p.Name)
		}
	}
	var extra []string
	for k := range values {
		if !slices.Contains(keys, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	var b strings.Builder
	b.WriteString(":param {")
	for i, k := range append(keys, extra...) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name(k) + ": " + Literal(values[k]))
	}
	b.WriteString("}")
	return b.String()
}

// Literal writes v as a Cypher literal: nil, strings, booleans, integers,
// floats (always with a point or an exponent, so Neo4j keeps them floats),
// and slices and string-keyed maps of those (map keys sorted). Anything
// else is written as a string of its fmt form.
func Literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return quote(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEIN") {
			s += ".0"
		}
		return s
	case float32:
		return Literal(float64(x))
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return "null"
		}
		return Literal(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = Literal(rv.Index(i).Interface())
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			keys := make([]string, 0, rv.Len())
			for _, k := range rv.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			parts := make([]string, len(keys))
			for i, k := range keys {
				parts[i] = name(k) + ": " + Literal(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())).Interface())
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
	case reflect.String:
		return quote(rv.String())
	}
	return quote(fmt.Sprint(v))
}

// quote writes s as a double-quoted Cypher string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// name writes a map key or parameter name, in backticks unless it is a
// plain identifier.
func name(k string) string {
	if identifier.MatchString(k) {
		return k
	}
	return "`" + strings.ReplaceAll(k, "`", "``") + "`"
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
