package graph

import "testing"

func TestWord(t *testing.T) {
	for in, want := range map[string]Status{"operating": Operating, " Planned ": Planned, "CLOSED": Closed} {
		if got, ok := Word(in, Statuses); !ok || got != want {
			t.Errorf("Word(%q, Statuses) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := Word("magnet", Tiers); !ok || got != Magnet {
		t.Errorf("Word(magnet, Tiers) = %q, %v", got, ok)
	}
	for _, bad := range []string{"", "operational", "open"} {
		if got, ok := Word(bad, Statuses); ok {
			t.Errorf("Word(%q, Statuses) = %q, ok; want not ok", bad, got)
		}
	}
	if got := WordError("best", RouteRanks); got != `"best" is not one of widest, shortest` {
		t.Errorf("WordError = %s", got)
	}
	if got := CountryError("Japan"); got != `"Japan" is not an ISO 3166-1 alpha-2 code` {
		t.Errorf("CountryError = %s", got)
	}
}

func TestVocabulariesValid(t *testing.T) {
	if !Operating.Valid() || Status("Operating").Valid() || !Inferred.Valid() || Basis("guess").Valid() ||
		!EstimatedCapacity.Valid() || !Low.Valid() || Confidence("certain").Valid() ||
		!ToCompany.Valid() || DestinationKind("region").Valid() || !RankShortest.Valid() || RouteRank("").Valid() {
		t.Error("Valid disagrees with the lists")
	}
}
