package graph

import "testing"

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{"JP": "JP", "jp": "JP", " Jp ": "JP", "cn": "CN"} {
		if got, ok := CountryCode(in); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "J", "JPN", "J1", "日本", "Japan", "*"} {
		if got, ok := CountryCode(bad); ok {
			t.Errorf("CountryCode(%q) = %q, ok; want not ok", bad, got)
		}
	}
}
