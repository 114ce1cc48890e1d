package graph

import (
	"math"
	"slices"
	"strings"
)

// Imbalance is a facility that ships more of an element than it receives
// (or, for a mine, produces) in the data, beyond the tolerance.
type Imbalance struct {
	Facility string  `json:"facility"`
	Name     string  `json:"name"`
	Tier     Tier    `json:"tier"`
	Element  string  `json:"element"`
	Unit     string  `json:"unit"`
	Received float64 `json:"receivedTonnes"`
	// Produced is a mine's output of the element from its capacity (0
	// for other tiers).
	Produced float64 `json:"producedTonnes"`
	Shipped  float64 `json:"shippedTonnes"`
	// Excess is what it ships beyond what it receives and produces.
	Excess float64 `json:"excessTonnes"`
	// Explained is set when the facility's notes explain the imbalance (a
	// sentence starting "Mass balance:").
	Explained bool `json:"explained"`
}

// MassBalance is the result of checking a dataset's mass balance.
type MassBalance struct {
	// Tolerance is the relative tolerance used (a facility may ship up to
	// (1+Tolerance) times what it receives and produces, plus 1 t).
	Tolerance float64 `json:"tolerance"`
	// AsOf is the date whose valid flows were checked ("" for all).
	AsOf       string      `json:"asOf,omitempty"`
	Imbalances []Imbalance `json:"imbalances"`
	// Unchecked counts facility–element pairs that could not be checked
	// because an incoming flow's tonnes (or a mine's capacity) are unknown.
	Unchecked int `json:"unchecked"`
	Checked   int `json:"checked"`
}

// Explained counts the imbalances the facilities' notes explain.
func (m MassBalance) Explained() int {
	n := 0
	for _, im := range m.Imbalances {
		if im.Explained {
			n++
		}
	}
	return n
}

// MassBalanceTolerance is the relative tolerance of CheckMassBalance:
// estimates in the sources are rarely closer than that.
const MassBalanceTolerance = 0.05

// massElements are what the balance is checked in: the magnet groups, and
// every other rare earth alone.
func massElements() []Element {
	out := []Element{}
	for _, g := range groups {
		if g.Symbol == "NdPr" || g.Symbol == "DyTb" {
			out = append(out, g)
		}
	}
	for _, e := range RareEarths {
		if !slices.Contains([]string{"Nd", "Pr", "Dy", "Tb"}, e) {
			out = append(out, Element{Symbol: e, Members: []string{e}, Name: e})
		}
	}
	return out
}

// CheckMassBalance checks, for each facility and element, that what it
// ships is at most what it receives plus, for a mine, what it produces (its
// capacity converted to the element; a mine without a capacity in a unit
// that holds the element is not checked) and, for a recycler, what it
// recovers from what it receives, within MassBalanceTolerance. Only flows
// valid on asOf count (every flow when asOf is ""). Flows of unknown tonnes
// make the incoming side unknown: such pairs are counted as unchecked.
// Facilities are reported in id order, elements in the order of
// massElements.
func CheckMassBalance(ds Dataset, asOf string) MassBalance {
	ct := NewContentTable(ds.Contents)
	res := MassBalance{Tolerance: MassBalanceTolerance, AsOf: asOf, Imbalances: []Imbalance{}}
	type sums struct {
		in, out  float64
		unknown  bool
		received bool
	}
	els := massElements()
	byFacility := map[string][]sums{}
	get := func(id string) []sums {
		s, ok := byFacility[id]
		if !ok {
			s = make([]sums, len(els))
			byFacility[id] = s
		}
		return s
	}
	// Each flow's content of every element: most flows have only their
	// material's, worked out once per material.
	byMaterial := map[string][]float64{}
	one := make([]float64, len(els))
	contentsOf := func(f Flow) []float64 {
		row := ct.For(f.Material, f.From, f.To)
		if row.OwnRecords() {
			for i, el := range els {
				one[i] = row.Sum(el)
			}
			return one
		}
		cs, ok := byMaterial[f.Material]
		if !ok {
			cs = make([]float64, len(els))
			for i, el := range els {
				cs[i] = row.Sum(el)
			}
			byMaterial[f.Material] = cs
		}
		return cs
	}
	for _, f := range ds.Flows {
		if asOf != "" && ((f.ValidFrom != "" && f.ValidFrom > asOf) || (f.ValidTo != "" && f.ValidTo < asOf)) {
			continue
		}
		cs := contentsOf(f)
		var from, to []sums
		for i := range els {
			c := cs[i]
			if c <= 0 {
				continue
			}
			if from == nil {
				from, to = get(f.From), get(f.To)
			}
			to[i].received = true
			if f.TonnesPerYear == nil {
				to[i].unknown = true
				continue
			}
			t := *f.TonnesPerYear * c
			from[i].out += t
			to[i].in += t
		}
	}
	// In id order; a dataset read from the graph already is, and is not
	// copied.
	byID := func(a, b Facility) int { return strings.Compare(a.ID, b.ID) }
	facilities := ds.Facilities
	if !slices.IsSortedFunc(facilities, byID) {
		facilities = slices.Clone(facilities)
		slices.SortFunc(facilities, byID)
	}
	for _, f := range facilities {
		s, ok := byFacility[f.ID]
		if !ok {
			continue
		}
		for i, el := range els {
			if s[i].out <= 0 {
				continue
			}
			produced := 0.0
			if f.Tier == Mine {
				p, known := mineOutput(f, el, ct, ds.Materials)
				if !known {
					res.Unchecked++
					continue
				}
				produced = p
			}
			if s[i].unknown {
				res.Unchecked++
				continue
			}
			res.Checked++
			have := s[i].in + produced
			if s[i].out <= have*(1+MassBalanceTolerance)+1 {
				continue
			}
			res.Imbalances = append(res.Imbalances, Imbalance{
				Facility: f.ID, Name: f.Name, Tier: f.Tier, Element: el.Symbol, Unit: el.Unit(),
				Received: round3(s[i].in), Produced: round3(produced), Shipped: round3(s[i].out),
				Excess:    round3(s[i].out - have),
				Explained: strings.Contains(strings.ToLower(f.Notes), "mass balance:"),
			})
		}
	}
	return res
}

// mineOutput is a mine's output of el from its capacity, if it has one in
// a unit that counts el.
func mineOutput(f Facility, el Element, ct ContentTable, materials []Material) (float64, bool) {
	if f.Capacity == nil {
		return 0, false
	}
	u, err := ParseCapacityUnit(f.CapacityUnit, materials)
	if err != nil {
		return 0, false
	}
	if u.Element != "" {
		ue, _ := ParseElement(u.Element)
		for _, m := range el.Members {
			if !ue.Has(m) {
				return 0, false
			}
		}
		return *f.Capacity, true
	}
	held := 0.0
	for _, m := range el.Members {
		c := ct.Of(u.Material, m, f.ID, "")
		if c <= 0 {
			return 0, false // the capacity counts something else
		}
		held += c
	}
	return *f.Capacity * held, true
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
