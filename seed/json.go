package seed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// ReadJSON reads a dataset from a JSON document (see WriteJSON) and
// validates it like Read. Problems name the record as file "NAME#kind" and
// its 1-based position in the array as the line.
func ReadJSON(name string, rd io.Reader, opts Options) (graph.Dataset, error) {
	r := &reader{known: opts.Known}
	var doc map[string]json.RawMessage
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&doc); err != nil {
		return graph.Dataset{}, &InvalidError{Problems: []Problem{{File: name, Line: 1, Reason: "not a JSON object: " + err.Error()}}}
	}
	keys := make([]string, len(jsonKinds))
	for i, k := range jsonKinds {
		keys[i] = k.key
	}
	for key := range doc {
		if !slices.Contains(keys, key) {
			r.add(name, 0, key, "unknown key (want "+strings.Join(keys, ", ")+")")
		}
	}
	var ds graph.Dataset
	for _, k := range jsonKinds {
		raw, ok := doc[k.key]
		if !ok {
			continue
		}
		file := name + "#" + k.key
		var list []map[string]any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&list); err != nil {
			r.add(file, 0, "", "not an array of objects: "+err.Error())
			continue
		}
		for i, obj := range list {
			cols, ok := r.jsonCells(file, i+1, k.file, obj)
			if ok {
				r.record(k.file, file, i+1, cols, &ds)
			}
		}
	}
	r.validate(&ds)
	if len(r.problems) > 0 {
		return graph.Dataset{}, invalid(r.problems)
	}
	return ds, nil
}

// jsonCells turns a JSON object into the string cells of a CSV record.
func (r *reader) jsonCells(file string, line int, kind string, obj map[string]any) (map[string]string, bool) {
	ok := true
	cols := map[string]string{}
	for key, v := range obj {
		if !slices.Contains(columns[kind], key) {
			r.add(file, line, key, "unknown field (want "+strings.Join(columns[kind], ", ")+")")
			ok = false
			continue
		}
		switch x := v.(type) {
		case nil:
		case string:
			cols[key] = x
		case json.Number:
			cols[key] = x.String()
		case bool:
			cols[key] = strconv.FormatBool(x)
		case []any:
			parts := make([]string, 0, len(x))
			for _, e := range x {
				s, isStr := e.(string)
				if !isStr || strings.Contains(s, ";") {
					r.add(file, line, key, fmt.Sprintf("want a list of strings without ';', got %v", e))
					ok = false
					break
				}
				parts = append(parts, s)
			}
			cols[key] = strings.Join(parts, ";")
		default:
			r.add(file, line, key, fmt.Sprintf("unexpected %T", v))
			ok = false
		}
	}
	return cols, ok
}
