package graph

import (
	"strconv"
	"time"
)

// IsDate reports whether v is a calendar date written YYYY-MM-DD, the one
// date format of the data and the API (asOf, validFrom, effective, ...).
func IsDate(v string) bool {
	_, err := time.Parse(time.DateOnly, v)
	return err == nil
}

// DateError is the one message for a value that is not such a date.
func DateError(v string) string { return strconv.Quote(v) + " is not a date (YYYY-MM-DD)" }
