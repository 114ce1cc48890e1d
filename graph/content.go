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
	return t.For(material, from, to).Resolve(e)
}

// ContentRow is the content records that can apply to one flow, found
// once: reading many elements of a flow through it costs a lookup per
// level of the table, not one per element and level.
type ContentRow struct {
	records                 []Content
	flow, shipper, material map[string]int
}

// For returns the content row of a flow of material from from to to (to
// "" for what from ships of it anywhere).
func (t ContentTable) For(material, from, to string) ContentRow {
	r := ContentRow{records: t.records, material: t.byMaterial[material]}
	if to != "" {
		r.flow = t.byFlow[[3]string{material, from, to}]
	}
	if from != "" {
		r.shipper = t.byShipper[[2]string{material, from}]
	}
	return r
}

// OwnRecords reports whether the flow or its shipper has content records
// of its own: when not, the row is its material's.
func (r ContentRow) OwnRecords() bool { return r.flow != nil || r.shipper != nil }

// Resolve is ContentTable.Resolve for the row's flow.
func (r ContentRow) Resolve(e string) (Content, bool) {
	for _, m := range [3]map[string]int{r.flow, r.shipper, r.material} {
		if i, ok := m[e]; ok {
			return r.records[i], true
		}
	}
	return Content{}, false
}

// Of is ContentTable.Of for the row's flow.
func (r ContentRow) Of(e string) float64 {
	if c, ok := r.Resolve(e); ok {
		return c.Fraction
	}
	return 0
}

// Sum is the content of every member of el in the row's flow.
func (r ContentRow) Sum(el Element) float64 {
	s := 0.0
	for _, e := range el.Members {
		s += r.Of(e)
	}
	return s
}

// Sum is the content of every member of el.
func (t ContentTable) Sum(material string, el Element, from, to string) float64 {
	return t.For(material, from, to).Sum(el)
}
