package analysis

import (
	"fmt"
	"slices"
	"strings"
)

// oxidePrice is a sourced price of an element's oxide, in US$ per kg of
// the oxide, with the element's mass fraction in it.
type oxidePrice struct {
	Oxide         string
	USDPerKg      float64
	Low, High     float64
	OxideFraction float64
	AsOf          string
	Sources       []string
	Note          string
}

var (
	ndprOxide = oxidePrice{Oxide: "NdPr oxide", USDPerKg: 110, Low: 63, High: 123, OxideFraction: 0.85, AsOf: "2026-02-19",
		Sources: []string{
			"https://www.stocktitan.net/sec-filings/MP/8-k-mp-materials-corp-reports-material-event-09e507ca127b.html",
			"https://energynews.oedigital.com/electric-utilities/2026/02/19/rare-earths-prices-rise-above-the-mp-materials-price-floor",
		},
		Note: "US$110/kg is the US–MP Materials price floor (July 2025); US$63–123/kg the Chinese benchmark from July 2025 to February 2026 (Reuters)"}
	dyOxide = oxidePrice{Oxide: "Dy oxide", USDPerKg: 224, Low: 224, High: 1000, OxideFraction: 0.8713, AsOf: "2025-05-06",
		Sources: []string{
			"https://www.adamasintel.com/the-fallacy-of-european-rare-earth-prices-and-the-pras-that-promote-them",
			"https://gmteight.com/latest/detail/282683",
		},
		Note: "US$224/kg is what about 96% of the Dy oxide consumed in 2025 was priced at on average (Adamas Intelligence); US$1,000/kg the top of Argus' European assessment after the April 2025 controls (US$700–1,000/kg, up from US$250–310)"}
	tbOxide = oxidePrice{Oxide: "Tb oxide", USDPerKg: 965, Low: 930, High: 4000, OxideFraction: 0.8502, AsOf: "2025-05-06",
		Sources: []string{"https://gmteight.com/latest/detail/282683"},
		Note:    "US$930–1,000/kg (the point is its middle) is Argus' European assessment at the beginning of April 2025; US$4,000/kg the top of its assessment in May 2025 (US$2,000–4,000/kg)"}
)

// prices are the oxide prices by element: the light rare earths priced as
// NdPr oxide, each heavy one as its own oxide. Other elements have none.
var prices = map[string]oxidePrice{"Nd": ndprOxide, "Pr": ndprOxide, "Dy": dyOxide, "Tb": tbOxide}

// Magnet per vehicle: kg of sintered NdFeB magnet in a unit (a vehicle),
// with its range, and the sources.
const (
	magnetKgPerUnit     = 1.5
	magnetKgPerUnitLow  = 0.3
	magnetKgPerUnitHigh = 2.5
	magnetKgSource      = "1–2 kg of NdFeB magnet in an EV's drive motor (about 0.7 kg of NdPr oxide per EV: Adamas Intelligence, 3,000 t for 4.3 million EVs in 2018, https://www.blogarama.com/investing-blogs/231382-resource-clips-blog/32371060-rare-earths-demand-increase-350-2025-outpacing-supply-adamas-intelligence, about 2 kg of magnet at 30% NdPr); a conventional car about a fifth of an EV's (https://alkane.com.au/exponential-growth-of-electric-vehicles-make-rare-earths-extremely-valuable)"
)

// PriceUsed is the price a cost is worked out at: per kg of the oxide as
// quoted, and per kg of the element (or group) it comes to.
type PriceUsed struct {
	Material        string   `json:"material"`
	USDPerKg        float64  `json:"usdPerKg"`
	USDPerKgLow     float64  `json:"usdPerKgLow"`
	USDPerKgHigh    float64  `json:"usdPerKgHigh"`
	USDPerKgElement float64  `json:"usdPerKgElement"`
	Sources         []string `json:"sources"`
	AsOf            string   `json:"asOf"`
}

// CostMonth is a month's shortfall in money and in units.
type CostMonth struct {
	Month          string  `json:"month"`
	ShortfallUSD   float64 `json:"shortfallUsd"`
	VehiclesAtRisk float64 `json:"vehiclesAtRisk"`
}

// Costs are what a shortfall over time comes to, in money and in vehicles
// (units) not built: derived estimates, from a price table and a magnet
// content per vehicle, not from the data's records.
type Costs struct {
	Derived     bool      `json:"derived"`
	Assumptions []string  `json:"assumptions"`
	Price       PriceUsed `json:"price"`
	// ShortfallUSD is the period's shortfall at the price; its range is at
	// the price's low and high (the tonnage's own range is not in it).
	ShortfallUSD      float64 `json:"shortfallUsd"`
	ShortfallUSDRange Range   `json:"shortfallUsdRange"`
	// Vehicles at risk: the shortfall ÷ (kg of magnet per vehicle × the
	// element's content of a magnet); the range is at the magnet per
	// vehicle's high and low.
	MagnetKgPerVehicle     float64     `json:"magnetKgPerVehicle"`
	MagnetKgPerVehicleLow  float64     `json:"magnetKgPerVehicleLow"`
	MagnetKgPerVehicleHigh float64     `json:"magnetKgPerVehicleHigh"`
	MagnetContent          float64     `json:"magnetContent"`
	VehiclesAtRisk         float64     `json:"vehiclesAtRisk"`
	VehiclesAtRiskRange    Range       `json:"vehiclesAtRiskRange"`
	Months                 []CostMonth `json:"months"`
}

// costs prices a scenario over time's shortfall and turns it into
// vehicles; nil when the element has no price or no shortfall.
func (p *Projection) costs(res *TimeResult, kgPerUnit float64) *Costs {
	el := p.elem.el
	// The members' weights: their default content of a magnet.
	weight := map[string]float64{}
	content := 0.0 // the element's mass fraction in a magnet
	for _, m := range el.Members {
		if _, ok := prices[m]; !ok {
			return nil
		}
		w := p.contents.Of(magnetMaterial, m, "", "")
		weight[m] = w
		content += w
	}
	total := content
	if total == 0 {
		for _, m := range el.Members {
			weight[m] = 1
		}
		total = float64(len(el.Members))
	}
	if res.Joint.ShortfallTonnes <= 0 {
		return nil
	}
	// US$ per kg of the element: each member's oxide price over its
	// fraction in the oxide, weighted.
	per := func(pick func(oxidePrice) float64) float64 {
		x := 0.0
		for _, m := range el.Members {
			pr := prices[m]
			x += weight[m] / total * pick(pr) / pr.OxideFraction
		}
		return x
	}
	point, low, high := per(func(o oxidePrice) float64 { return o.USDPerKg }), per(func(o oxidePrice) float64 { return o.Low }), per(func(o oxidePrice) float64 { return o.High })
	var oxides, notes []string
	var sources []string
	seen := map[string]bool{}
	for _, m := range el.Members {
		pr := prices[m]
		if seen[pr.Oxide] {
			continue
		}
		seen[pr.Oxide] = true
		oxides = append(oxides, pr.Oxide)
		notes = append(notes, pr.Note)
		for _, u := range pr.Sources {
			if !slices.Contains(sources, u) {
				sources = append(sources, u)
			}
		}
	}
	c := &Costs{Derived: true, MagnetContent: content}
	c.Price = PriceUsed{Material: strings.Join(oxides, " and "), USDPerKgElement: point, Sources: sources, AsOf: prices[el.Members[0]].AsOf}
	if len(oxides) == 1 {
		pr := prices[el.Members[0]]
		c.Price.USDPerKg, c.Price.USDPerKgLow, c.Price.USDPerKgHigh = pr.USDPerKg, pr.Low, pr.High
	} else { // a blend: per kg of the element's oxides together
		frac := 0.0
		for _, m := range el.Members {
			frac += weight[m] / total * prices[m].OxideFraction
		}
		c.Price.USDPerKg, c.Price.USDPerKgLow, c.Price.USDPerKgHigh = point*frac, low*frac, high*frac
	}
	const kg = 1000 // per t
	c.ShortfallUSD = res.Joint.ShortfallTonnes * kg * point
	c.ShortfallUSDRange = Range{Low: res.Joint.ShortfallTonnes * kg * low, Median: c.ShortfallUSD, High: res.Joint.ShortfallTonnes * kg * high}
	c.MagnetKgPerVehicle, c.MagnetKgPerVehicleLow, c.MagnetKgPerVehicleHigh = magnetKgPerUnit, magnetKgPerUnitLow, magnetKgPerUnitHigh
	if kgPerUnit > 0 {
		c.MagnetKgPerVehicle = kgPerUnit
		c.MagnetKgPerVehicleLow, c.MagnetKgPerVehicleHigh = kgPerUnit, kgPerUnit
	}
	vehicles := func(t, kgMagnet float64) float64 {
		if content <= 0 || kgMagnet <= 0 {
			return 0
		}
		return t * kg / (kgMagnet * content)
	}
	c.VehiclesAtRisk = vehicles(res.Joint.ShortfallTonnes, c.MagnetKgPerVehicle)
	c.VehiclesAtRiskRange = Range{Low: vehicles(res.Joint.ShortfallTonnes, c.MagnetKgPerVehicleHigh), Median: c.VehiclesAtRisk,
		High: vehicles(res.Joint.ShortfallTonnes, c.MagnetKgPerVehicleLow)}
	c.Months = []CostMonth{}
	for _, m := range res.Months {
		c.Months = append(c.Months, CostMonth{Month: m.Month, ShortfallUSD: m.ShortfallTonnes * kg * point, VehiclesAtRisk: vehicles(m.ShortfallTonnes, c.MagnetKgPerVehicle)})
	}
	c.Assumptions = []string{
		"Derived estimates, not records: the joint shortfall over the period priced, and turned into vehicles not built.",
		fmt.Sprintf("Price: %s, US$%.0f per kg of %s (US$%.0f–%.0f), as of %s: %s.", c.Price.Material, c.Price.USDPerKg, el.Symbol+" oxide", c.Price.USDPerKgLow, c.Price.USDPerKgHigh, c.Price.AsOf, strings.Join(notes, "; ")),
		fmt.Sprintf("Per kg of %s as metal: the oxide price over the element's mass fraction in it%s; the range is at the prices' low and high only (the shortfall's own uncertainty is not in it).", el.Symbol, blendNote(len(oxides) > 1)),
	}
	if content > 0 {
		unitNote := fmt.Sprintf("%.1f kg of sintered NdFeB magnet a vehicle (%.1f–%.1f): %s", c.MagnetKgPerVehicle, c.MagnetKgPerVehicleLow, c.MagnetKgPerVehicleHigh, magnetKgSource)
		if kgPerUnit > 0 {
			unitNote = fmt.Sprintf("%.2f kg of sintered NdFeB magnet a vehicle, as asked", kgPerUnit)
		}
		c.Assumptions = append(c.Assumptions, fmt.Sprintf("Vehicles at risk: the shortfall ÷ (%s × %.2f%% %s in a magnet, the magnet's default content). Every unit of the destination is counted as a vehicle: for makers of other products (motors, compressors) read units; and a vehicle short of its magnet is counted as not built.", unitNote, 100*content, el.Symbol))
	}
	return c
}

func blendNote(blend bool) string {
	if blend {
		return ", the members weighted as in a magnet (their default content of " + magnetMaterial + ")"
	}
	return ""
}
