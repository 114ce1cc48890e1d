package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
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

// problemFor maps an error to a problem: the one place where error kinds
// become HTTP statuses. Internal details are never shown.
func problemFor(err error) *problem {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return &problem{Status: http.StatusInternalServerError, Type: "internal", Title: "Internal error",
			Detail: "Something went wrong on our side; it has been logged."}
	}
	switch ge.Kind {
	case graph.Invalid:
		p := badParams(ge.Fields...)
		p.Detail = ge.Message
		return p
	case graph.NotFound:
		return notFound(ge.Message)
	case graph.Conflict:
		return &problem{Status: http.StatusConflict, Type: "conflict", Title: "Conflict", Detail: ge.Message}
	case graph.Unavailable:
		return &problem{Status: http.StatusServiceUnavailable, Type: "neo4j-unavailable", Title: "Database unavailable",
			Detail: ge.Message, RetryAfter: 5}
	default:
		return &problem{Status: http.StatusInternalServerError, Type: "internal", Title: "Internal error",
			Detail: "Something went wrong on our side; it has been logged."}
	}
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
