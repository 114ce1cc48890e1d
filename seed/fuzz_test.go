package seed_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/seed"
)

// FuzzImportParse feeds arbitrary bytes to the import parser as each kind of
// file. It must never panic; whatever it accepts must survive a JSON round
// trip unchanged (what is valid stays valid, and nothing is lost).
func FuzzImportParse(f *testing.F) {
	f.Add("facilities.csv", []byte(facilitiesCSV))
	f.Add("flows.csv", []byte(flowsCSV))
	f.Add("flows.csv", boundedFiles()["flows.csv"].Data)
	f.Add("facilities.csv", boundedFiles()["facilities.csv"].Data)
	f.Add("contents.csv", boundedFiles()["contents.csv"].Data)
	f.Add("countries.csv", []byte(countriesCSV))
	f.Add("facilities.csv", timedFiles(nil)["facilities.csv"].Data)
	f.Add("stockpiles.csv", timedFiles(nil)["stockpiles.csv"].Data)
	f.Add("demands.csv", []byte(demandsHeader+"X,NdPr,1,https://example.org/t,2025-06-01,low,\n"))
	f.Add("import.json", []byte(`{"countries":[{"code":"AU","name":"Australia","region":null}]}`))
	f.Add("import.json", []byte(`{"facilities":[{"id":"X","name":"x","tier":"Mine","country":"AU","status":"operating","sources":["s"],"as_of":"2025-01-01","confidence":"low"}]}`))
	f.Add("flows.csv", []byte("from,to\n\"unterminated"))
	f.Add("import.zip", []byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ds, err := seed.Parse([]seed.File{{Name: name, Data: data}}, seed.Options{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := seed.WriteJSON(&buf, ds); err != nil {
			t.Fatalf("write accepted dataset: %v", err)
		}
		again, err := seed.ReadJSON("again.json", &buf, seed.Options{})
		if err != nil {
			t.Fatalf("an accepted dataset does not read back: %v", err)
		}
		if diff := cmp.Diff(ds, again, cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal([]string(a), []string(b)) })); diff != "" {
			t.Fatalf("JSON round trip changed the dataset:\n%s", diff)
		}
	})
}
