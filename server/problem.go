package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// problemTypeBase prefixes every problem type; the suffix is stable.
const problemTypeBase = "urn:chokepoint:problem:"

// problem is an RFC 9457 problem document.
type problem struct {
	Type     string             `json:"type"`
	Title    string             `json:"title"`
	Status   int                `json:"status"`
	Detail   string             `json:"detail,omitempty"`
	Instance string             `json:"instance,omitempty"`
	Errors   []graph.FieldError `json:"errors,omitempty"`
	// Problems lists an invalid dataset's every bad row (422 only).
	Problems []seed.Problem `json:"problems,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header.
	RetryAfter int `json:"-"`
}

func notFound(detail string) *problem {
	return &problem{Status: http.StatusNotFound, Type: "not-found", Title: "Not found", Detail: detail}
}

func badParams(fields ...graph.FieldError) *problem {
	return &problem{Status: http.StatusBadRequest, Type: "invalid-parameters", Title: "Invalid parameters",
		Detail: "One or more parameters are invalid; see errors.", Errors: fields}
}

// kindProblems is the one table from an error's kind to its HTTP status
// and problem type (wtf's codes map, ardanlabs' errs table).
var kindProblems = map[graph.Kind]struct {
	status      int
	typ, title  string
	retryAfter  int
	showMessage bool
}{
	graph.Invalid:     {http.StatusBadRequest, "invalid-parameters", "Invalid parameters", 0, true},
	graph.NotFound:    {http.StatusNotFound, "not-found", "Not found", 0, true},
	graph.Conflict:    {http.StatusConflict, "conflict", "Conflict", 0, true},
	graph.Unavailable: {http.StatusServiceUnavailable, "neo4j-unavailable", "Database unavailable", 5, true},
	// Not retried: the same query would cost as much again.
	graph.TooCostly: {http.StatusUnprocessableEntity, "query-too-costly", "Query too costly", 0, true},
	graph.Internal:  {http.StatusInternalServerError, "internal", "Internal error", 0, false},
}

// problemFor maps an error to a problem: the one place where errors become
// HTTP statuses. A dataset's validation error is a 422 listing every bad
// row; a domain error's kind picks the row of kindProblems; anything else
// is internal. Internal details are never shown.
func problemFor(err error) *problem {
	if inv, ok := errors.AsType[*seed.InvalidError](err); ok {
		return &problem{Status: http.StatusUnprocessableEntity, Type: "invalid-dataset", Title: "Invalid dataset",
			Detail: "Nothing was written; every problem is listed.", Problems: inv.Problems}
	}
	kind, ge := graph.Internal, (*graph.Error)(nil)
	if e, ok := errors.AsType[*graph.Error](err); ok {
		kind, ge = e.Kind, e
	}
	row, ok := kindProblems[kind]
	if !ok {
		row = kindProblems[graph.Internal]
	}
	p := &problem{Status: row.status, Type: row.typ, Title: row.title, RetryAfter: row.retryAfter,
		Detail: "Something went wrong on our side; it has been logged."}
	if row.showMessage && ge != nil {
		p.Detail = ge.Message
		if kind == graph.Invalid {
			p.Errors = ge.Fields
		}
	}
	return p
}

// fail answers a request with the problem for err, logging what users do
// not see.
func (s *Server) fail(c *gin.Context, err error) {
	p := problemFor(err)
	if p.Status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "path", c.FullPath(), "err", err, "request_id", c.GetString(requestIDKey))
	}
	s.problem(c, p)
}

func (s *Server) problem(c *gin.Context, p *problem) {
	p.Type = problemTypeBase + p.Type
	if p.Instance == "" {
		p.Instance = c.Request.URL.Path
	}
	if p.RetryAfter > 0 {
		c.Header("Retry-After", itoa(p.RetryAfter))
	}
	c.Header("Content-Type", "application/problem+json")
	c.Status(p.Status)
	c.Render(p.Status, problemRender{p})
	c.Abort()
}
