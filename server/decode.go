package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// body says how a handler reads its JSON body: at most limit bytes, what
// it should hold (for the messages), and whether numbers stay json.Number
// (Cypher parameters keep integers apart from floats).
type body struct {
	limit     int64
	want      string // e.g. `{"params": {...}}`
	useNumber bool
}

// decodeJSON is the one strict JSON body reader: application/json only
// (415), at most b.limit bytes (413), no unknown fields and one value
// (400 naming the body). It reports whether v was filled; otherwise the
// problem has been written.
func (s *Server) decodeJSON(c *gin.Context, b body, v any) bool {
	if !strings.EqualFold(c.ContentType(), "application/json") { // media types are case-insensitive
		s.problem(c, &problem{Status: http.StatusUnsupportedMediaType, Type: "unsupported-media-type", Title: "Unsupported media type",
			Detail: "Send " + b.want + " as application/json."})
		return false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, b.limit)
	dec := json.NewDecoder(c.Request.Body)
	if b.useNumber {
		dec.UseNumber()
	}
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// Only blanks may follow the value: not a second value, not a
		// stray "}" (dec.More said nothing of that one).
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			err = errors.New("data after the JSON value")
		}
	}
	if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
		s.problem(c, &problem{Status: http.StatusRequestEntityTooLarge, Type: "too-large", Title: "Request body too large",
			Detail: "The body is at most " + sizeText(b.limit) + "."})
		return false
	}
	if err != nil {
		s.problem(c, badParams(graph.FieldError{Field: "body", Reason: "want " + b.want + ": " + err.Error()}))
		return false
	}
	return true
}

// sizeText says a byte count in KiB or MiB.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return itoa(int(n>>20)) + " MiB"
	}
	return itoa(int(n>>10)) + " KiB"
}
