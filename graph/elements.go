package graph

import (
	"fmt"
	"slices"
	"strings"
)

// RareEarths are the rare-earth element symbols, in atomic-number order
// (scandium and yttrium first, as the lanthanide series is usually listed
// after them).
var RareEarths = []string{"Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"}

// IsRareEarth reports whether s is a rare-earth element symbol.
func IsRareEarth(s string) bool { return slices.Contains(RareEarths, s) }

// Element is what an analysis counts: one rare earth, or a documented
// group of them counted as one commodity (its tonnes are the sum of its
// members' tonnes, as metal).
type Element struct {
	// Symbol is the element's symbol (Dy) or the group's name (NdPr).
	Symbol string
	// Members are the element symbols it counts (one for an element).
	Members []string
	// Name says it in words.
	Name string
}

// The documented groups. NdPr is what a magnet chain is mostly made of and
// is the default of every analysis; DyTb are the heavy rare earths that
// give magnets their coercivity; REE counts every rare earth.
var groups = []Element{
	{Symbol: "NdPr", Members: []string{"Pr", "Nd"}, Name: "neodymium and praseodymium"},
	{Symbol: "DyTb", Members: []string{"Tb", "Dy"}, Name: "dysprosium and terbium"},
	{Symbol: "REE", Members: RareEarths, Name: "all rare-earth elements"},
}

// DefaultElement is the element an analysis counts when none is asked for.
const DefaultElement = "NdPr"

// Groups returns the documented element groups.
func Groups() []Element { return slices.Clone(groups) }

// ParseElement reads an element symbol (Nd, Dy, ...) or a group (NdPr,
// DyTb, REE; "REO" is read as REE). Case matters for symbols as in
// chemistry, but a group's name is read in any case. It returns an Invalid
// error listing what it accepts.
func ParseElement(s string) (Element, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultElement
	}
	if IsRareEarth(s) {
		return Element{Symbol: s, Members: []string{s}, Name: s}, nil
	}
	if strings.EqualFold(s, "REO") {
		s = "REE"
	}
	for _, g := range groups {
		if strings.EqualFold(s, g.Symbol) {
			return g, nil
		}
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		names = append(names, g.Symbol)
	}
	return Element{}, Errorf(Invalid, "element", "%q is neither a rare-earth element symbol (%s) nor a group (%s)",
		s, strings.Join(RareEarths, ", "), strings.Join(names, ", "))
}

// Unit is the unit of the element's tonnages: "t Nd+Pr/yr", "t Dy/yr",
// "t REE/yr". Tonnes are of the element as metal.
func (e Element) Unit() string {
	if e.Symbol == "REE" {
		return "t REE/yr"
	}
	return "t " + strings.Join(e.displayMembers(), "+") + "/yr"
}

// displayMembers lists the members in the order people name them
// (Nd before Pr, Dy before Tb).
func (e Element) displayMembers() []string {
	switch e.Symbol {
	case "NdPr":
		return []string{"Nd", "Pr"}
	case "DyTb":
		return []string{"Dy", "Tb"}
	}
	return e.Members
}

// Has reports whether the element counts symbol s.
func (e Element) Has(s string) bool { return slices.Contains(e.Members, s) }

// Content is the mass fraction of an element in a material: tonnes of the
// element (as metal) in one tonne of the material. A content with no From
// is the material's default; with From alone it is the material as that
// facility ships it (a deposit's distribution, a magnet maker's grade);
// with From and To it is that one flow.
type Content struct {
	Material string
	Element  string
	Fraction float64
	// FractionLow and FractionHigh, when given, bound Fraction (low ≤
	// fraction ≤ high); without them the default band of a content and
	// its confidence applies (ContentBand).
	FractionLow, FractionHigh *float64
	From, To                  string
	Notes                     string
	Provenance
}

// ContentKey is the identity of a content: material, element and scope.
func ContentKey(c Content) string {
	return c.Material + "\x00" + c.Element + "\x00" + c.From + "\x00" + c.To
}

// CapacityUnit is what a facility's capacity counts, parsed from its unit
// ("t NdPr oxide/yr"): tonnes a year of a material, or of an element or
// group as metal.
type CapacityUnit struct {
	Material string // a material code, or ""
	Element  string // an element or group symbol, or ""
}

// ParseCapacityUnit reads a capacity unit of the form "t X/yr" (also
// "t X/year", "tonnes X/yr"), where X is a material's code or name (case
// does not matter; "t REO/yr" is the material reo when the dataset has it)
// or an element or group symbol (t of the element as metal). Anything else
// is an error saying what is accepted: a unit Chokepoint cannot convert
// would otherwise bound nothing.
func ParseCapacityUnit(unit string, materials []Material) (CapacityUnit, error) {
	s := strings.TrimSpace(unit)
	rest, ok := cutPrefixFold(s, "tonnes ")
	if !ok {
		rest, ok = cutPrefixFold(s, "t ")
	}
	if ok {
		var body string
		for _, suffix := range []string{"/yr", "/year", " per year"} {
			if b, found := cutSuffixFold(rest, suffix); found {
				body, ok = strings.TrimSpace(b), true
				break
			}
			ok = false
		}
		if ok && body != "" {
			for _, m := range materials {
				if strings.EqualFold(body, m.Code) || strings.EqualFold(body, m.Name) {
					return CapacityUnit{Material: m.Code}, nil
				}
			}
			if el, err := ParseElement(body); err == nil && body != "" {
				return CapacityUnit{Element: el.Symbol}, nil
			}
		}
	}
	return CapacityUnit{}, fmt.Errorf("unknown unit %q: want \"t X/yr\" where X is a material code or name (such as \"t NdPr oxide/yr\" or \"t REO/yr\") or an element or group (\"t NdPr/yr\", \"t Dy/yr\")", unit)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}
