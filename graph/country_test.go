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

func TestIsDate(t *testing.T) {
	for _, ok := range []string{"2026-01-06", "2024-02-29"} {
		if !IsDate(ok) {
			t.Errorf("IsDate(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "2026-1-6", "2026-13-01", "2025-02-29", "06/01/2026", "June 2025"} {
		if IsDate(bad) {
			t.Errorf("IsDate(%q) = true", bad)
		}
	}
	if got := DateError("June 2025"); got != `"June 2025" is not a date (YYYY-MM-DD)` {
		t.Errorf("DateError = %s", got)
	}
}
