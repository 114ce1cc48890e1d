package graph

// ContentTable resolves the element content of a flow: the flow's own
// content, else its shipper's for that material, else the material's
// default, element by element.
type ContentTable struct {
	records    []Content
	byMaterial map[string]map[string]int // indices into records
	byShipper  map[[2]string]map[string]int
	byFlow     map[[3]string]map[string]int
}

// NewContentTable indexes contents for lookups.
func NewContentTable(cs []Content) ContentTable {
	t := ContentTable{
		records:    cs,
		byMaterial: map[string]map[string]int{},
		byShipper:  map[[2]string]map[string]int{},
		byFlow:     map[[3]string]map[string]int{},
	}
	put := func(m map[string]int, i int) map[string]int {
		if m == nil {
			m = map[string]int{}
		}
		m[cs[i].Element] = i
		return m
	}
	for i, c := range cs {
		switch {
		case c.To != "":
			k := [3]string{c.Material, c.From, c.To}
			t.byFlow[k] = put(t.byFlow[k], i)
		case c.From != "":
			k := [2]string{c.Material, c.From}
			t.byShipper[k] = put(t.byShipper[k], i)
		default:
			t.byMaterial[c.Material] = put(t.byMaterial[c.Material], i)
		}
	}
	return t
}

// Of returns the tonnes of element e in a tonne of material as shipped
// from one facility to another (from and to may be "": the shipper's
// general content, or the material's default).
func (t ContentTable) Of(material, e, from, to string) float64 {
	if c, ok := t.Resolve(material, e, from, to); ok {
		return c.Fraction
	}
	return 0
}

// Resolve returns the content record Of reads: the flow's, else the
// shipper's, else the material's default; false when there is none.
func (t ContentTable) Resolve(material, e, from, to string) (Content, bool) {
	if to != "" {
		if i, ok := t.byFlow[[3]string{material, from, to}][e]; ok {
			return t.records[i], true
		}
	}
	if from != "" {
		if i, ok := t.byShipper[[2]string{material, from}][e]; ok {
			return t.records[i], true
		}
	}
	i, ok := t.byMaterial[material][e]
	if !ok {
		return Content{}, false
	}
	return t.records[i], true
}

// Sum is the content of every member of el.
func (t ContentTable) Sum(material string, el Element, from, to string) float64 {
	s := 0.0
	for _, e := range el.Members {
		s += t.Of(material, e, from, to)
	}
	return s
}
