package server

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// list reads a comma-separated (or repeated) query parameter.
func list(c *gin.Context, key string) []string {
	var out []string
	for _, v := range c.QueryArray(key) {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// checkElement checks an element or group as the analyses read it (NdPr
// when empty), with no space around it, as the OpenAPI document's pattern
// says; it returns the field error for element, or nil.
func checkElement(v string) *graph.FieldError {
	if v == "" {
		return nil
	}
	_, err := graph.ParseElement(v)
	switch {
	case err != nil:
		reason := err.Error()
		var ge *graph.Error
		if asErr(err, &ge) {
			reason = ge.Message
		}
		return &graph.FieldError{Field: "element", Reason: reason}
	case v != strings.TrimSpace(v):
		return &graph.FieldError{Field: "element", Reason: spacedReason("an element or group", v)}
	}
	return nil
}

// elementParam reads the element query parameter, given at most once.
func elementParam(c *gin.Context, errs *[]graph.FieldError) string {
	vs := c.QueryArray("element")
	switch len(vs) {
	case 0:
		return ""
	case 1:
		if fe := checkElement(vs[0]); fe != nil {
			*errs = append(*errs, *fe)
		}
		return vs[0]
	}
	*errs = append(*errs, graph.FieldError{Field: "element", Reason: "give one element or group, not " + itoa(len(vs))})
	return ""
}

// wordParam reads the query parameter key as one of all, in any case
// (tier=magnet), or "" when it is not given (see strictParam).
func wordParam[T ~string](c *gin.Context, key string, all []T, errs *[]graph.FieldError) T {
	return strictParam(c, key, "one of "+strings.Join(graph.Words(all), ", "), errs,
		func(v string) (T, bool) { return graph.Word(v, all) },
		func(v string) string { return graph.WordError(v, all) })
}

// countryParam reads the query parameter key as a country code, in any
// case (jp), or "" when it is not given (see strictParam).
func countryParam(c *gin.Context, key string, errs *[]graph.FieldError) string {
	return strictParam(c, key, "a country code", errs, graph.CountryCode, graph.CountryError)
}

// strictParam reads the query parameter key with parse, which reads
// values trimmed as the CSV files need, or gives the zero value when it
// is not given. A value parse refuses is an error (why says so), and so
// is one with spaces around it, as the OpenAPI document's pattern says:
// the client sending "Magnet " has a bug to hear of.
func strictParam[T any](c *gin.Context, key, want string, errs *[]graph.FieldError, parse func(string) (T, bool), why func(string) string) T {
	var out T
	v := c.Query(key)
	if v == "" {
		return out
	}
	out, ok := parse(v)
	switch {
	case !ok:
		*errs = append(*errs, graph.FieldError{Field: key, Reason: why(v)})
	case v != strings.TrimSpace(v):
		*errs = append(*errs, graph.FieldError{Field: key, Reason: spacedReason(want, v)})
	}
	return out
}

// spacedReason is the reason a query value with spaces around it is
// refused.
func spacedReason(want, v string) string {
	return "want " + want + " without spaces around it, got " + quote(v)
}

// analysisParams reads what every analysis takes: to, element, material,
// avoid, asOf.
func analysisParams(c *gin.Context) (analysis.Destination, analysis.Filter, []graph.FieldError) {
	var errs []graph.FieldError
	d, err := analysis.ParseDestination(c.Query("to"))
	if err != nil {
		errs = append(errs, graph.FieldError{Field: "to", Reason: "required: a country code (JP), company:NAME or a facility id"})
	}
	f := analysis.Filter{Avoid: list(c, "avoid"), Element: elementParam(c, &errs),
		Material: strings.TrimSpace(c.Query("material")), AsOf: c.Query("asOf"), Controls: controlParams(c, &errs)}
	if f.AsOf != "" && !graph.IsDate(f.AsOf) {
		errs = append(errs, graph.FieldError{Field: "asOf", Reason: graph.DateError(f.AsOf)})
	}
	f.Ranges = rangesParams(c, &errs)
	return d, f, errs
}

// rangesParams reads how an analysis gives its figures' ranges:
// ?samples= (default 1000; 0 for point values only), ?interval= (the
// central probability, 0.5 to 0.99; default 0.9, p5–p95), ?seed= (default
// 1: the same samples in every request) and ?budgetMs= (each sampling
// pass's time budget, default 2000).
func rangesParams(c *gin.Context, errs *[]graph.FieldError) analysis.Uncertainty {
	u := analysis.Uncertainty{
		Samples: intParam(c, "samples", analysis.DefaultSamples, 0, analysis.MaxSamples, errs),
		Budget:  time.Duration(intParam(c, "budgetMs", int(analysis.DefaultBudget.Milliseconds()), 10, int(analysis.MaxBudget.Milliseconds()), errs)) * time.Millisecond,
		Seed:    uint64(intParam(c, "seed", analysis.DefaultSeed, 1, math.MaxInt32, errs)),
	}
	u.Interval = analysis.DefaultInterval
	if v := c.Query("interval"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x >= 0.5 && x <= 0.99) {
			*errs = append(*errs, graph.FieldError{Field: "interval", Reason: "want the interval's central probability, from 0.5 to 0.99 (0.9 is p5–p95), got " + quote(v)})
		}
		u.Interval = x
	}
	return u
}

// controlParams reads ?control=, the export controls an analysis answers
// under (as a scenario applies them): a seeded control's id
// (CN-2026-01-JP-DEFACTO), or FROM>TO>ELEMENTS for an ad-hoc one
// (CN>JP>Dy+Tb, the + encoded or read as a space; TO may be * for
// every country). The analysis checks the ids and codes; a malformed
// ad-hoc control is an error here.
func controlParams(c *gin.Context, errs *[]graph.FieldError) []analysis.ControlSpec {
	var out []analysis.ControlSpec
	for i, v := range list(c, "control") {
		spec, ok := analysis.ParseControl(v, i+1)
		if !ok {
			*errs = append(*errs, graph.FieldError{Field: fmt.Sprintf("control[%d]", i),
				Reason: "want a control id or FROM>TO>ELEMENTS (CN>JP>Dy+Tb), got " + quote(v)})
			continue
		}
		out = append(out, spec)
	}
	return out
}

func intParam(c *gin.Context, key string, def, lo, hi int, errs *[]graph.FieldError) int {
	v := c.Query(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		*errs = append(*errs, graph.FieldError{Field: key, Reason: "want a whole number from " + itoa(lo) + " to " + itoa(hi) + ", got " + quote(v)})
	}
	return n
}

// readCursor reads ?cursor=, an opaque key this API returned as "next".
func readCursor(c *gin.Context, errs *[]graph.FieldError) string {
	v := c.Query("cursor")
	// The decoder skips \r and \n; a cursor has neither.
	after, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || strings.ContainsAny(v, "\r\n") {
		*errs = append(*errs, graph.FieldError{Field: "cursor", Reason: "not a cursor returned by this API"})
	}
	return string(after)
}

// cursor turns a page's last key into the "next" cursor, null on the last
// page.
func cursor(next string) *string {
	if next == "" {
		return nil
	}
	cur := base64.RawURLEncoding.EncodeToString([]byte(next))
	return &cur
}

func itoa(n int) string { return strconv.Itoa(n) }

func quote(s string) string { return strconv.Quote(s) }

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
