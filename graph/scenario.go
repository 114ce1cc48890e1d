package graph

// ControlSpec is an export control applied in a scenario: a seeded one by
// id, or one made up for the scenario.
type ControlSpec struct {
	ID        string   `json:"id,omitempty"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"` // a country code or "*"
	Elements  []string `json:"elements,omitempty"`
	Materials []string `json:"materials,omitempty"`
	Effective string   `json:"effective,omitempty"`
	Until     string   `json:"until,omitempty"`
	// ReExports extends the control to third-country flows into the
	// target, to the extent their input of a controlled element comes from
	// the restricting country (China's rules forbid re-transfer of
	// controlled items of Chinese origin). See analysis.originShares.
	ReExports bool `json:"reExports,omitempty"`
}

// Scenario is a set of export controls and outages applied to the network,
// possibly as of a date, and the destination it is about. Its JSON names
// are the API's; a Store keeps scenarios in a format of its own, with a
// version (see neo4jstore's scenarios.go), so renaming one here changes
// the API and leaves every saved scenario readable.
type Scenario struct {
	Name string `json:"name,omitempty"`
	To   string `json:"to"`
	// Element is the element or group counted (NdPr when empty).
	Element  string        `json:"element,omitempty"`
	Material string        `json:"material,omitempty"`
	Controls []ControlSpec `json:"controls,omitempty"`
	// Outages lists facility ids that are down.
	Outages []string `json:"outages,omitempty"`
	// Avoid lists countries (JP), companies (company:Lynas) or facility
	// ids no supply may pass through, before and after: the scenario on
	// the network the routes avoiding them leave.
	Avoid []string `json:"avoid,omitempty"`
	// AsOf keeps only flows valid, and controls in force, on that date.
	AsOf string `json:"asOf,omitempty"`
	// Start and DurationDays run the scenario over time as well: from
	// Start (YYYY-MM-DD; AsOf, else today, when empty) for DurationDays.
	Start        string `json:"start,omitempty"`
	DurationDays int    `json:"durationDays,omitempty"`
}
