package graph

import (
	"errors"
	"fmt"
)

// Kind classifies errors so that callers (the HTTP layer) can answer them
// without knowing where they came from.
type Kind int

// The error kinds.
const (
	Internal    Kind = iota // a bug or an unexpected failure
	Invalid                 // bad input
	NotFound                // no such thing
	Conflict                // the request contradicts the current state
	Unavailable             // a dependency (Neo4j) cannot be reached
	TooCostly               // a user's query needs more time or memory than the server gives one
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not found"
	case Conflict:
		return "conflict"
	case Unavailable:
		return "unavailable"
	case TooCostly:
		return "too costly"
	default:
		return "internal"
	}
}

// FieldError names one bad field of the input and why it is bad.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Error is the error type of the domain: a kind, the operation that failed,
// a message safe to show users, per-field details and the wrapped cause
// (which is logged, never shown).
type Error struct {
	Kind    Kind
	Op      string
	Message string
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Kind.String()
	}
	for i, f := range e.Fields {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		msg += sep + f.Field + ": " + f.Reason
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Op, msg, e.Err)
	}
	return e.Op + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind Kind, op, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of the first *Error in err's chain, or Internal.
func ErrorKind(err error) Kind {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Kind
	}
	return Internal
}
