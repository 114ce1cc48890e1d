package seed_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// formatSection returns the lines of FORMAT.md's section under heading,
// up to the next heading of the same or a higher level.
func formatSection(t *testing.T, heading string) []string {
	t.Helper()
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	level := strings.Index(heading, " ")
	var out []string
	in := false
	for l := range strings.SplitSeq(string(doc), "\n") {
		if in && strings.HasPrefix(l, "#") {
			if n := strings.IndexFunc(l, func(r rune) bool { return r != '#' }); n <= level {
				break
			}
		}
		if l == heading {
			in = true
			continue
		}
		if in {
			out = append(out, l)
		}
	}
	if !in {
		t.Fatalf("FORMAT.md has no heading %q", heading)
	}
	return out
}

// tableRows returns the body rows of the Markdown tables in lines, each as
// its trimmed cells, without the header and separator rows.
func tableRows(lines []string) [][]string {
	var rows [][]string
	inTable := false
	for _, l := range lines {
		if !strings.HasPrefix(l, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !inTable { // the header row
			inTable = true
			continue
		}
		if strings.HasPrefix(cells[0], "---") {
			continue
		}
		rows = append(rows, cells)
	}
	return rows
}

// bandBasis is how FORMAT.md writes the basis of a band: in code, or a
// dash for a kind of figure that has no basis (a content).
func bandBasis(b string) string {
	if b == "" {
		return "—"
	}
	return "`" + b + "`"
}

// bandFactor is how FORMAT.md writes a factor of a band.
func bandFactor(x float64) string { return fmt.Sprintf("%.4g", x) }

// TestFormatDefaultBands checks that FORMAT.md's table of default bands is
// graph.DefaultBands() row for row, and that every basis in it (every
// kind of figure without one) has its reason given, so that the document cannot drift from the code.
func TestFormatDefaultBands(t *testing.T) {
	var want [][]string
	var table strings.Builder
	table.WriteString("| of | basis | confidence | low × | high × |\n|---|---|---|---|---|\n")
	for _, r := range graph.DefaultBands() {
		row := []string{r.Of, bandBasis(r.Basis), string(r.Confidence), bandFactor(r.Low), bandFactor(r.High)}
		want = append(want, row)
		table.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	section := formatSection(t, "## Default bands")
	var bands, reasons []string
	for i, l := range section {
		if strings.HasPrefix(l, "| of | basis | confidence |") {
			bands = section[i:]
		}
		if strings.HasPrefix(l, "| of | basis | why |") {
			reasons = section[i:]
		}
	}
	got := tableRows(bands)
	if i := slices.IndexFunc(got, func(r []string) bool { return len(r) != 5 }); i >= 0 {
		got = got[:i] // the next table
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FORMAT.md's default bands differ from graph.DefaultBands() (-code +doc):\n%s\nthe table from the code:\n\n%s", diff, table.String())
	}
	why := map[string]bool{}
	for _, r := range tableRows(reasons) {
		if len(r) == 3 && r[2] != "" {
			why[r[0]+" "+r[1]] = true
		}
	}
	for _, r := range want {
		if k := r[0] + " " + r[1]; !why[k] {
			why[k] = true // reported once
			t.Errorf("FORMAT.md gives no reason for the default band of a %s of basis %s (a row of the table \"| of | basis | why |\")", r[0], r[1])
		}
	}
}

// TestFormatDocumentsEveryColumn checks that FORMAT.md has a section for
// every file of a dataset whose table names each of its columns.
func TestFormatDocumentsEveryColumn(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range seed.FileNames {
		var heading string
		for l := range strings.SplitSeq(string(doc), "\n") {
			if l == "## "+file || strings.HasPrefix(l, "## "+file+" ") {
				heading = l
			}
		}
		if heading == "" {
			t.Errorf("FORMAT.md has no section for %s", file)
			continue
		}
		documented := map[string]bool{}
		for _, row := range tableRows(formatSection(t, heading)) {
			for c := range strings.SplitSeq(row[0], ",") {
				documented[strings.Trim(strings.TrimSpace(c), "`")] = true
			}
		}
		for _, c := range seed.Columns(file) {
			if !documented[c] {
				t.Errorf("FORMAT.md's section on %s does not document the column %s", file, c)
			}
		}
	}
}
