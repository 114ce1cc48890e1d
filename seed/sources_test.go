package seed_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

const sourcesHeader = "id,url,title,publisher,published,kind,notes\n"

// TestSourcesRegistry checks that records cite registry entries by id,
// that a bare URL gets an entry of its own, and that the files round-trip
// with ids.
func TestSourcesRegistry(t *testing.T) {
	fs := files(map[string]string{
		"sources.csv": sourcesHeader +
			"lynas-2024-annual,https://lynasrareearths.com/ar2024.pdf,Annual Report 2024,Lynas Rare Earths,2024-09,company,\n" +
			"reuters-lynas,https://www.reuters.com/lynas,Lynas expands,Reuters,2025,press,\n",
		"facilities.csv": strings.Replace(facilitiesCSV, "https://example.org/a,", "lynas-2024-annual;reuters-lynas,", 1),
	})
	ds, err := seed.Read(fs, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mtw := ds.Facilities[0]
	if got := strings.Join(mtw.Sources, " "); got != "https://lynasrareearths.com/ar2024.pdf https://www.reuters.com/lynas" {
		t.Errorf("MTW_MINE cites %s; want the two registry URLs", got)
	}
	byURL := map[string]graph.Source{}
	for _, s := range ds.Sources {
		byURL[s.URL] = s
	}
	if auto, ok := byURL["https://example.org/b"]; !ok || auto.Kind != graph.OtherSource || !strings.HasPrefix(auto.ID, "example-org-") {
		t.Errorf("bare URL registered as %+v, %v; want an automatic entry of kind other", auto, ok)
	}
	if s := byURL["https://www.reuters.com/lynas"]; s.ID != "reuters-lynas" || s.Publisher != "Reuters" || s.Kind != graph.PressSource {
		t.Errorf("registry entry read as %+v", s)
	}

	// Written out, records cite ids and the registry has every entry; read
	// back, it is the same dataset.
	recs := seed.Records(ds)
	if got := recs[seed.FacilitiesFile][0]["sources"]; got != "lynas-2024-annual;reuters-lynas" {
		t.Errorf("written sources = %q, want the ids", got)
	}
	if len(recs[seed.SourcesFile]) != len(ds.Sources) {
		t.Errorf("wrote %d registry rows, want %d", len(recs[seed.SourcesFile]), len(ds.Sources))
	}
}

func TestSourcesProblems(t *testing.T) {
	for _, tt := range []struct {
		name, sources, facilities string
		want                      seed.Problem
	}{
		{"unknown id", sourcesHeader, strings.Replace(facilitiesCSV, "https://example.org/a,", "no-such-source,", 1),
			seed.Problem{File: "facilities.csv", Line: 2, Field: "sources", Reason: `unknown source id "no-such-source" (not in sources.csv)`}},
		{"duplicate url", sourcesHeader + "a,https://x.org/1,T,P,,other,\nb,https://x.org/1,T,P,,other,\n", facilitiesCSV,
			seed.Problem{File: "sources.csv", Line: 3, Field: "url", Reason: "duplicate source url (first on line 2)"}},
		{"press from an outlet not recognised", sourcesHeader + "a,https://news.example.org/1,T,P,,press,\n", facilitiesCSV,
			seed.Problem{File: "sources.csv", Line: 2, Field: "kind", Reason: "news.example.org is not a recognised press outlet in graph/outlets.csv (it is other there)"}},
		{"a denied domain stays denied", sourcesHeader + "a,https://www.daily8.com/1,T,P,,trade-press,\n", facilitiesCSV,
			seed.Problem{File: "sources.csv", Line: 2, Field: "kind", Reason: "daily8.com is denied in graph/outlets.csv (a content farm): its pages cannot be trade-press"}},
		{"published", sourcesHeader + "a,https://x.org/1,T,P,June 2025,other,\n", facilitiesCSV,
			seed.Problem{File: "sources.csv", Line: 2, Field: "published", Reason: `"June 2025" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := seed.Read(files(map[string]string{"sources.csv": tt.sources, "facilities.csv": tt.facilities}), seed.Options{})
			var inv *seed.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want an InvalidError", err)
			}
			if !slices.Contains(inv.Problems, tt.want) {
				t.Errorf("problems %v; want %v among them", inv.Problems, tt.want)
			}
		})
	}
}

// TestSeedSourcesAreCitable is the seed's bar (FORMAT.md, "Sources"):
// every record cites a tier-1 source and none
// cites a denied one, every citation has a registry entry of its own, and
// every registry entry is cited by some record.
func TestSeedSourcesAreCitable(t *testing.T) {
	ds, err := seed.Seed()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]graph.SourceKind{}
	for _, s := range ds.Sources {
		kinds[s.URL] = s.Kind
		if strings.HasPrefix(s.Notes, "registered automatically") {
			t.Errorf("%s is cited without a sources.csv entry", s.URL)
		}
	}
	cited, records := map[string]bool{}, map[string]bool{}
	check := func(record string, p graph.Provenance) {
		records[record] = true
		tier1 := false
		for _, u := range p.Sources {
			cited[u] = true
			tier1 = tier1 || kinds[u].Tier1()
			if kinds[u] == graph.ContentFarm {
				t.Errorf("%s cites a denied source: %s", record, u)
			}
		}
		if !tier1 {
			t.Errorf("%s has no tier-1 source: %v", record, p.Sources)
		}
	}
	for _, r := range ds.Facilities {
		check("facility "+r.ID, r.Provenance)
	}
	for _, r := range ds.Flows {
		check("flow "+r.From+" → "+r.To+" "+r.Material, r.Provenance)
	}
	for _, r := range ds.Controls {
		check("control "+r.ID, r.Provenance)
	}
	for _, r := range ds.Materials {
		check("material "+r.Code, r.Provenance)
	}
	for _, r := range ds.Contents {
		check("content "+r.Material+" "+r.Element+" "+r.From+" "+r.To, r.Provenance)
	}
	for _, r := range ds.Stockpiles {
		check("stockpile "+r.Country+" "+r.Element, r.Provenance)
	}
	for _, r := range ds.Demands {
		check("demand "+r.Facility+" "+r.Element, r.Provenance)
	}
	for _, s := range ds.Sources {
		if !cited[s.URL] {
			t.Errorf("registry entry %s is cited by no record", s.ID)
		}
	}
	if len(records) < 500 {
		t.Errorf("only %d records checked", len(records))
	}
}
