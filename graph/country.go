package graph

import (
	"strconv"
	"strings"
)

// CountryCode reads an ISO 3166-1 alpha-2 code in any case, spaces around
// it ignored ("jp", " JP "), and returns it upper-case; ok is false for
// anything that is not two ASCII letters. It is the one place country
// codes are normalised: the API, the analyses and imported files all take
// them in any case and store and answer them upper-case.
func CountryCode(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) != 2 {
		return "", false
	}
	for i := range 2 {
		if c := s[i]; (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
			return "", false
		}
	}
	return strings.ToUpper(s), true
}

// CountryError is the one message for a value that is not a country code.
func CountryError(v string) string {
	return strconv.Quote(v) + " is not an ISO 3166-1 alpha-2 code"
}
