package graph

// ContentTable resolves the element content of a flow: the flow's own
// content, else its shipper's for that material, else the material's
// default, element by element.
type ContentTable struct {
	byMaterial map[string]map[string]float64
	byShipper  map[[2]string]map[string]float64
	byFlow     map[[3]string]map[string]float64
}

// NewContentTable indexes contents for lookups.
func NewContentTable(cs []Content) ContentTable {
	t := ContentTable{
		byMaterial: map[string]map[string]float64{},
		byShipper:  map[[2]string]map[string]float64{},
		byFlow:     map[[3]string]map[string]float64{},
	}
	put := func(m map[string]float64, c Content) map[string]float64 {
		if m == nil {
			m = map[string]float64{}
		}
		m[c.Element] = c.Fraction
		return m
	}
	for _, c := range cs {
		switch {
		case c.To != "":
			k := [3]string{c.Material, c.From, c.To}
			t.byFlow[k] = put(t.byFlow[k], c)
		case c.From != "":
			k := [2]string{c.Material, c.From}
			t.byShipper[k] = put(t.byShipper[k], c)
		default:
			t.byMaterial[c.Material] = put(t.byMaterial[c.Material], c)
		}
	}
	return t
}

// Of returns the tonnes of element e in a tonne of material as shipped
// from one facility to another (from and to may be "": the shipper's
// general content, or the material's default).
func (t ContentTable) Of(material, e, from, to string) float64 {
	if to != "" {
		if m, ok := t.byFlow[[3]string{material, from, to}]; ok {
			if f, ok := m[e]; ok {
				return f
			}
		}
	}
	if from != "" {
		if m, ok := t.byShipper[[2]string{material, from}]; ok {
			if f, ok := m[e]; ok {
				return f
			}
		}
	}
	return t.byMaterial[material][e]
}

// Sum is the content of every member of el.
func (t ContentTable) Sum(material string, el Element, from, to string) float64 {
	s := 0.0
	for _, e := range el.Members {
		s += t.Of(material, e, from, to)
	}
	return s
}
