package seed

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// GenerateOptions size a synthetic network.
type GenerateOptions struct {
	// Facilities is the number of facilities; Flows the number of flows
	// wanted (see Generate for when fewer are possible).
	Facilities, Flows int
	// Seed makes the network: the same options give the same dataset.
	Seed int64
}

// GeneratedAsOf is the as_of date of every generated record.
const GeneratedAsOf = "2026-01-01"

// maxGenerateFacilities bounds Facilities: a flow's key packs two facility
// indexes into 28 bits each.
const maxGenerateFacilities = 1 << 28

// Generate makes a synthetic network with the shape of the real rare-earth
// magnet chain, for benchmarks and load tests. It is deterministic: the same
// options give the same dataset.
//
//   - Tiers in the proportions of the real chain: few mines, more separation
//     plants and refineries, metal and alloy makers, many magnet makers and
//     OEMs, some traders and recyclers (see genTiers). With 9 or more
//     facilities every tier has at least one; with fewer, the first tiers of
//     the chain get one each.
//   - Countries from a China-heavy distribution over 28 ISO codes that
//     depends on the tier: about 70% of mines and 90% of separation plants
//     and magnet makers are in CN, OEMs are spread over the consuming
//     countries.
//   - Flows only down the tier order (or out of traders and recyclers), with
//     no self-loops and no duplicate (from, to, material). Endpoints are
//     chosen by preferential attachment (with probability genAttach in
//     proportion to the flows a facility already has, else uniformly in its
//     tier), which makes a few big hubs and a heavy-tailed degree
//     distribution.
//   - Materials from the seed's vocabulary by source tier (mine →
//     mixed-concentrate or monazite, separation → ndpr-oxide, dytb-oxide,
//     alloy → ndfeb-alloy, magnet → ndfeb-sintered-magnet, ...; out of a
//     trader or recycler, what the target tier consumes); tonnes positive and
//     Pareto-distributed. Capacities are estimated from the flows.
//   - Every record is sourced "synthetic:chokepoint generate seed=N", as of
//     GeneratedAsOf, with confidence low; flows have basis estimated.
//   - The dataset holds exactly the countries and materials it uses, no
//     controls, and one source registry entry (the synthetic source).
//
// It returns exactly opts.Flows flows unless the facilities cannot hold that
// many distinct flows under these rules (only tiny networks: 9 facilities,
// one per tier, hold 36): then it returns every flow the rules allow, fewer
// than asked. Negative sizes count as zero; Facilities above 2^28 panics.
// All records share one Sources slice: do not modify it in place.
func Generate(opts GenerateOptions) graph.Dataset {
	nFac := max(opts.Facilities, 0)
	if nFac > maxGenerateFacilities {
		panic("seed.Generate: too many facilities")
	}
	g := &generator{
		rng:     rand.New(rand.NewPCG(uint64(opts.Seed), 0x636b706e74676e31)), // "ckpntgn1"
		sources: []string{"synthetic:chokepoint generate seed=" + strconv.FormatInt(opts.Seed, 10)},
	}
	g.layout(nFac)
	g.facilities()
	g.flows(max(opts.Flows, 0))
	g.finish()
	seed := strconv.FormatInt(opts.Seed, 10)
	g.ds.Sources = []graph.Source{{ID: "synthetic-seed-" + strings.ReplaceAll(seed, "-", "m"), URL: g.sources[0],
		Title: "Chokepoint synthetic network, seed " + seed, Publisher: "Chokepoint", Kind: graph.OtherSource,
		Notes: "Made by seed.Generate for benchmarks and load tests; not real data."}}
	return g.ds
}

// tierInfo describes how a tier is generated.
type tierInfo struct {
	tier      graph.Tier
	prefix    string  // of ids: GEN_<prefix>_000123
	noun      string  // of names
	weight    float64 // share of the facilities, in percent
	countries weighted[string]
	unit      string // capacity unit; empty: no capacity
}

// genCapacityUnit is the unit of generated capacities: tonnes of all rare
// earths (as metal), which bounds every element and group.
const genCapacityUnit = "t REE/yr"

// The tiers, in the order facilities are laid out; the first tiers get a
// facility first when there are fewer than len(genTiers).
var genTiers = []tierInfo{
	{graph.Mine, "MIN", "mine", 2, w[string]("CN", 70, "AU", 6, "MM", 6, "US", 5, "BR", 2, "IN", 2, "VN", 2, "MG", 1.5, "TZ", 1.5, "CA", 1, "ZA", 1, "GL", .5, "KZ", .5, "RU", .5, "LA", .5), genCapacityUnit},
	{graph.Separation, "SEP", "separation plant", 4, w[string]("CN", 90, "MY", 2, "US", 1.5, "EE", 1, "FR", 1, "VN", 1, "JP", 1, "IN", 1, "KZ", .5, "RU", .5, "AU", .5), genCapacityUnit},
	{graph.Metal, "MET", "metal plant", 5, w[string]("CN", 88, "VN", 3, "JP", 3, "GB", 2, "US", 2, "EE", 1, "TH", 1), genCapacityUnit},
	{graph.Alloy, "ALY", "alloy plant", 5, w[string]("CN", 88, "JP", 5, "US", 2, "DE", 2, "KR", 1, "TH", 1, "VN", 1), genCapacityUnit},
	{graph.Magnet, "MAG", "magnet plant", 20, w[string]("CN", 90, "JP", 5, "DE", 1.5, "US", 1, "KR", 1, "VN", .5, "IN", .5, "GB", .5), genCapacityUnit},
	{graph.OEM, "OEM", "assembly plant", 50, w[string]("CN", 36, "JP", 12, "US", 12, "DE", 10, "KR", 8, "FR", 4, "IN", 4, "IT", 3, "GB", 3, "MX", 3, "TH", 2, "BR", 2, "CA", 1), ""},
	{graph.Trader, "TRD", "trading desk", 7, w[string]("CN", 30, "JP", 20, "SG", 15, "CH", 10, "NL", 10, "DE", 5, "US", 5, "KR", 5), ""},
	{graph.Recycler, "REC", "recycling plant", 5, w[string]("CN", 30, "JP", 25, "US", 15, "DE", 10, "GB", 8, "FR", 7, "KR", 5), genCapacityUnit},
	{graph.Refinery, "REF", "refinery", 2, w[string]("CN", 80, "JP", 4, "US", 4, "AU", 3, "MY", 2, "IN", 2, "FR", 2, "GB", 1, "RU", 1, "KZ", 1), genCapacityUnit},
}

// genCountries are the countries facilities are drawn from, with a point
// near the middle of their industry for approximate coordinates.
var genCountries = map[string]struct {
	name, region string
	lat, lon     float64
}{
	"AU": {"Australia", "Oceania", -28, 121}, "BR": {"Brazil", "South America", -19, -46},
	"CA": {"Canada", "North America", 46, -80}, "CH": {"Switzerland", "Europe", 47.2, 8.5},
	"CN": {"China", "East Asia", 33, 114}, "DE": {"Germany", "Europe", 50.5, 9.5},
	"EE": {"Estonia", "Europe", 59.3, 26.5}, "FR": {"France", "Europe", 46.5, 2},
	"GB": {"United Kingdom", "Europe", 52.5, -1.5}, "GL": {"Greenland", "North America", 61, -45.5},
	"IN": {"India", "South Asia", 20, 78}, "IT": {"Italy", "Europe", 44.5, 10},
	"JP": {"Japan", "East Asia", 35.5, 137}, "KR": {"Korea, Republic of", "East Asia", 36.5, 127.5},
	"KZ": {"Kazakhstan", "Central Asia", 49, 76}, "LA": {"Lao People's Democratic Republic", "Southeast Asia", 19, 103},
	"MG": {"Madagascar", "Africa", -21, 47}, "MM": {"Myanmar", "Southeast Asia", 25, 97.5},
	"MX": {"Mexico", "North America", 21, -101}, "MY": {"Malaysia", "Southeast Asia", 3.5, 102.5},
	"NL": {"Netherlands", "Europe", 52, 5}, "RU": {"Russian Federation", "Europe", 58, 60},
	"SG": {"Singapore", "Southeast Asia", 1.35, 103.8}, "TH": {"Thailand", "Southeast Asia", 14, 101},
	"TZ": {"Tanzania, United Republic of", "Africa", -6.5, 35}, "US": {"United States", "North America", 37, -95},
	"VN": {"Viet Nam", "Southeast Asia", 21, 105.5}, "ZA": {"South Africa", "Africa", -26, 27},
}

// genMaterial is a material of the vocabulary and the scale of its flows.
type genMaterial struct {
	graph.Material
	tonnes float64 // the smallest flow of the Pareto distribution, t/yr
}

// genMaterials is the vocabulary, the codes and stages of materials.csv;
// elements are sorted as the reader sorts them.
var genMaterials = []genMaterial{
	{graph.Material{Code: "mixed-concentrate", Name: "Mixed rare-earth mineral concentrate", Stage: "ore", Elements: []string{"Ce", "Dy", "Er", "Eu", "Gd", "Ho", "La", "Nd", "Pr", "Sm", "Tb", "Y"}, Description: "Beneficiated bastnaesite or lanthanide ore concentrate."}, 400},
	{graph.Material{Code: "monazite", Name: "Monazite / xenotime concentrate", Stage: "ore", Elements: []string{"Ce", "Dy", "Er", "Eu", "Gd", "Ho", "La", "Nd", "Pr", "Sm", "Tb", "Y", "Yb"}, Description: "Rare-earth phosphate concentrate from heavy-mineral sands."}, 150},
	{graph.Material{Code: "mrec", Name: "Mixed rare-earth intermediate", Stage: "intermediate", Elements: []string{"Ce", "Dy", "Er", "Eu", "Gd", "Ho", "La", "Lu", "Nd", "Pr", "Sm", "Tb", "Tm", "Y", "Yb"}, Description: "Cracked and leached but unseparated rare earths."}, 80},
	{graph.Material{Code: "separated-re-oxides", Name: "Separated rare-earth oxides (basket)", Stage: "oxide", Elements: []string{"Ce", "Dy", "Er", "Eu", "Gd", "Ho", "La", "Lu", "Nd", "Pr", "Sc", "Sm", "Tb", "Tm", "Y", "Yb"}, Description: "Individual rare-earth oxides when the mix is not known."}, 30},
	{graph.Material{Code: "ndpr-oxide", Name: "NdPr oxide", Stage: "oxide", Elements: []string{"Nd", "Pr"}, Description: "Neodymium-praseodymium oxide, the main magnet feedstock."}, 30},
	{graph.Material{Code: "dytb-oxide", Name: "Dy/Tb oxide", Stage: "oxide", Elements: []string{"Dy", "Tb"}, Description: "Dysprosium and terbium oxide for high-coercivity magnets."}, 2},
	{graph.Material{Code: "ndpr-metal", Name: "NdPr metal", Stage: "metal", Elements: []string{"Nd", "Pr"}, Description: "Neodymium-praseodymium metal made by molten-salt electrolysis."}, 25},
	{graph.Material{Code: "dytb-metal", Name: "Dy/Tb metal", Stage: "metal", Elements: []string{"Dy", "Tb"}, Description: "Dysprosium/terbium metal or ferro-alloy."}, 2},
	{graph.Material{Code: "sm-metal", Name: "Samarium metal / SmCo alloy", Stage: "metal", Elements: []string{"Sm"}, Description: "Samarium metal or samarium-cobalt master alloy."}, 3},
	{graph.Material{Code: "ndfeb-alloy", Name: "NdFeB alloy", Stage: "alloy", Elements: []string{"Dy", "Nd", "Pr", "Tb"}, Description: "Neodymium-iron-boron strip-cast flake or powder."}, 40},
	{graph.Material{Code: "ndfeb-sintered-magnet", Name: "Sintered NdFeB magnet", Stage: "magnet", Elements: []string{"Dy", "Nd", "Pr", "Tb"}, Description: "Sintered neodymium-iron-boron permanent magnet."}, 10},
	{graph.Material{Code: "ndfeb-bonded-magnet", Name: "Bonded NdFeB magnet", Stage: "magnet", Elements: []string{"Nd", "Pr"}, Description: "Polymer-bonded NdFeB magnet."}, 3},
	{graph.Material{Code: "smco-magnet", Name: "SmCo magnet", Stage: "magnet", Elements: []string{"Sm"}, Description: "Samarium-cobalt permanent magnet."}, 1},
	{graph.Material{Code: "magnet-scrap", Name: "Magnet scrap / end-of-life magnets", Stage: "scrap", Elements: []string{"Dy", "Nd", "Pr", "Sm", "Tb"}, Description: "Swarf, rejects and end-of-life magnets sent to recycling."}, 3},
}

// flowKind is a kind of flow: from a tier to a tier, with the materials it
// carries.
type flowKind struct {
	from, to  graph.Tier
	weight    float64 // share of the flows, in percent
	materials weighted[string]
}

// genFlowKinds are the kinds of flows, the bulk of them magnets to OEMs.
var genFlowKinds = []flowKind{
	{graph.Mine, graph.Separation, 3, w[string]("mixed-concentrate", 80, "monazite", 20)},
	{graph.Mine, graph.Refinery, 1, w[string]("mixed-concentrate", 60, "monazite", 40)},
	{graph.Refinery, graph.Separation, 1, w[string]("mrec", 1)},
	{graph.Separation, graph.Metal, 6, w[string]("ndpr-oxide", 70, "dytb-oxide", 15, "separated-re-oxides", 15)},
	{graph.Refinery, graph.Metal, 2, w[string]("ndpr-oxide", 70, "dytb-oxide", 30)},
	{graph.Separation, graph.Magnet, 2, w[string]("dytb-oxide", 1)},
	{graph.Metal, graph.Alloy, 8, w[string]("ndpr-metal", 75, "dytb-metal", 15, "sm-metal", 10)},
	{graph.Metal, graph.Magnet, 3, w[string]("ndpr-metal", 50, "dytb-metal", 30, "sm-metal", 20)},
	{graph.Alloy, graph.Magnet, 12, w[string]("ndfeb-alloy", 1)},
	{graph.Magnet, graph.OEM, 45, w[string]("ndfeb-sintered-magnet", 80, "ndfeb-bonded-magnet", 15, "smco-magnet", 5)},
	{graph.OEM, graph.OEM, 3, w[string]("ndfeb-sintered-magnet", 1)}, // tier-1 motor makers to carmakers
	{graph.OEM, graph.Recycler, 3, w[string]("magnet-scrap", 1)},
	{graph.Magnet, graph.Recycler, 2, w[string]("magnet-scrap", 1)},
	{graph.Recycler, graph.Separation, 1, w[string]("mrec", 1)},
	{graph.Recycler, graph.Metal, 1, w[string]("ndpr-oxide", 70, "dytb-oxide", 30)},
	{graph.Separation, graph.Trader, 2, w[string]("ndpr-oxide", 60, "dytb-oxide", 40)},
	{graph.Metal, graph.Trader, 1, w[string]("ndpr-metal", 1)},
	{graph.Magnet, graph.Trader, 1, w[string]("ndfeb-sintered-magnet", 1)},
	{graph.Trader, graph.Metal, 1.5, w[string]("ndpr-oxide", 60, "dytb-oxide", 40)},
	{graph.Trader, graph.Magnet, 1.5, w[string]("ndpr-metal", 40, "dytb-metal", 30, "ndfeb-alloy", 30)},
	{graph.Trader, graph.OEM, 1, w[string]("ndfeb-sintered-magnet", 1)},
}

const (
	// genAttach is the probability that a flow's end is chosen in
	// proportion to the flows a facility already has.
	genAttach = 0.8
	// genPareto is the shape of the tonnes distribution (heavier tail the
	// closer to 1); genTonnesCap caps a flow at that many times its
	// material's smallest flow.
	genPareto    = 1.3
	genTonnesCap = 500
	// genMaxMisses is how many draws in a row may hit an existing flow
	// before the generator enumerates the remaining flows instead.
	genMaxMisses = 64
)

// weighted is a discrete distribution.
type weighted[T any] struct {
	values []T
	cum    []float64 // cumulative weights
}

// w builds a distribution from value, weight pairs.
func w[T any](pairs ...any) weighted[T] {
	var d weighted[T]
	total := 0.0
	for i := 0; i < len(pairs); i += 2 {
		d.values = append(d.values, pairs[i].(T))
		switch x := pairs[i+1].(type) {
		case int:
			total += float64(x)
		case float64:
			total += x
		}
		d.cum = append(d.cum, total)
	}
	return d
}

func (d *weighted[T]) draw(rng *rand.Rand) T {
	x := rng.Float64() * d.cum[len(d.cum)-1]
	i, _ := slices.BinarySearch(d.cum, x)
	// BinarySearch finds the first cum >= x; x == cum[i] belongs to i+1.
	for i < len(d.cum)-1 && d.cum[i] <= x {
		i++
	}
	return d.values[i]
}

type generator struct {
	rng     *rand.Rand
	sources []string
	ds      graph.Dataset
	// Facilities are laid out tier by tier: tier t (an index of genTiers)
	// holds the indexes start[t] to start[t]+count[t]-1.
	start, count []int
	tierOf       []uint8 // facility index -> index of genTiers
	tierIndex    map[graph.Tier]int
	material     map[string]int // code -> index of genMaterials
	// outEnds[t] and inEnds[t] list the source and target of every flow out
	// of and into tier t: drawing from them is drawing in proportion to
	// degree.
	outEnds, inEnds [][]int32
	from, to        []int32 // per flow, facility indexes
	mat             []uint8 // per flow, index of genMaterials
	tonnes          []float64
}

// layout splits n facilities over the tiers by weight (largest remainder),
// at least one per tier when n allows.
func (g *generator) layout(n int) {
	k := len(genTiers)
	g.count = make([]int, k)
	g.start = make([]int, k)
	g.tierIndex = map[graph.Tier]int{}
	for i, t := range genTiers {
		g.tierIndex[t.tier] = i
	}
	g.material = map[string]int{}
	for i, m := range genMaterials {
		g.material[m.Code] = i
	}
	if n < k {
		for i := range n {
			g.count[i] = 1
		}
	} else {
		total := 0.0
		for _, t := range genTiers {
			total += t.weight
		}
		used := 0
		rem := make([]float64, k)
		for i, t := range genTiers {
			exact := 1 + float64(n-k)*t.weight/total
			g.count[i] = int(exact)
			rem[i] = exact - float64(g.count[i])
			used += g.count[i]
		}
		order := make([]int, k)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case rem[a] > rem[b]:
				return -1
			case rem[a] < rem[b]:
				return 1
			}
			return 0
		})
		for i := 0; used < n; i++ {
			g.count[order[i%k]]++
			used++
		}
	}
	g.tierOf = make([]uint8, n)
	at := 0
	for i := range k {
		g.start[i] = at
		for j := range g.count[i] {
			g.tierOf[at+j] = uint8(i)
		}
		at += g.count[i]
	}
}

func (g *generator) facilities() {
	n := len(g.tierOf)
	g.ds.Facilities = make([]graph.Facility, n)
	coords := make([]float64, 2*n) // backing store of Lat and Lon
	prov := graph.Provenance{Sources: g.sources, AsOf: GeneratedAsOf, Confidence: graph.Low}
	notes := "Synthetic facility made by seed.Generate (" + g.sources[0] + "); not a real plant."
	companies := max(1, n/3)
	for t, info := range genTiers {
		for j := range g.count[t] {
			i := g.start[t] + j
			country := info.countries.draw(g.rng)
			num := pad6(j + 1)
			f := &g.ds.Facilities[i]
			*f = graph.Facility{
				ID:         "GEN_" + info.prefix + "_" + num,
				Name:       "Synthetic " + info.noun + " " + num + " (" + country + ")",
				Tier:       info.tier,
				Company:    "Synthetic Group " + pad6(1+g.rng.IntN(companies)),
				Country:    country,
				Status:     graph.Operating,
				Notes:      notes,
				Provenance: prov,
			}
			// Nine in ten have a location: near their country's industry.
			if g.rng.IntN(10) != 0 {
				c := genCountries[country]
				lat := math.Round((c.lat+g.rng.NormFloat64()*1.5)*1e4) / 1e4
				lon := math.Round((c.lon+g.rng.NormFloat64()*1.5)*1e4) / 1e4
				coords[2*i], coords[2*i+1] = max(-90, min(90, lat)), max(-180, min(180, lon))
				f.Lat, f.Lon = &coords[2*i], &coords[2*i+1]
				f.LocationApproximate = true
			}
		}
	}
}

// pad6 formats a positive number with at least six digits.
func pad6(n int) string {
	s := strconv.Itoa(n)
	if len(s) < 6 {
		s = "000000"[len(s):] + s
	}
	return s
}

// kindCapacity is how many distinct flows a kind of flow allows.
func (g *generator) kindCapacity(k flowKind) int {
	a, b := g.count[g.tierIndex[k.from]], g.count[g.tierIndex[k.to]]
	pairs := a * b
	if k.from == k.to {
		pairs -= a
	}
	return pairs * len(k.materials.values)
}

func (g *generator) flows(want int) {
	// Only kinds that still have room are drawn; capacity bounds the total.
	capacity := make([]int, len(genFlowKinds))
	limit := 0
	for i, k := range genFlowKinds {
		capacity[i] = g.kindCapacity(k)
		limit += capacity[i]
	}
	want = min(want, limit)
	used := make([]int, len(genFlowKinds))
	var kinds weighted[int]
	rebuild := func() {
		kinds = weighted[int]{}
		total := 0.0
		for i, k := range genFlowKinds {
			if used[i] < capacity[i] {
				total += k.weight
				kinds.values = append(kinds.values, i)
				kinds.cum = append(kinds.cum, total)
			}
		}
	}
	rebuild()

	g.from = make([]int32, 0, want)
	g.to = make([]int32, 0, want)
	g.mat = make([]uint8, 0, want)
	g.outEnds = make([][]int32, len(genTiers))
	g.inEnds = make([][]int32, len(genTiers))
	seen := make(map[uint64]struct{}, want)
	add := func(kind, from, to, mat int) bool {
		if from == to {
			return false
		}
		key := uint64(from)<<36 | uint64(to)<<8 | uint64(mat)
		if _, dup := seen[key]; dup {
			return false
		}
		seen[key] = struct{}{}
		g.from = append(g.from, int32(from))
		g.to = append(g.to, int32(to))
		g.mat = append(g.mat, uint8(mat))
		tf, tt := g.tierOf[from], g.tierOf[to]
		g.outEnds[tf] = append(g.outEnds[tf], int32(from))
		g.inEnds[tt] = append(g.inEnds[tt], int32(to))
		used[kind]++
		if used[kind] == capacity[kind] {
			rebuild()
		}
		return true
	}
	pick := func(t int, ends []int32) int {
		if len(ends) > 0 && g.rng.Float64() < genAttach {
			return int(ends[g.rng.IntN(len(ends))])
		}
		return g.start[t] + g.rng.IntN(g.count[t])
	}
	for misses := 0; len(g.from) < want; {
		kind := kinds.draw(g.rng)
		k := genFlowKinds[kind]
		tf, tt := g.tierIndex[k.from], g.tierIndex[k.to]
		from := pick(tf, g.outEnds[tf])
		to := pick(tt, g.inEnds[tt])
		mat := g.material[k.materials.draw(g.rng)]
		if add(kind, from, to, mat) {
			misses = 0
			continue
		}
		if misses++; misses == genMaxMisses {
			break
		}
	}
	// Nearly full (a tiny network): enumerate what is left, in order.
	for kind, k := range genFlowKinds {
		tf, tt := g.tierIndex[k.from], g.tierIndex[k.to]
		for _, code := range k.materials.values {
			mat := g.material[code]
			for from := g.start[tf]; from < g.start[tf]+g.count[tf] && len(g.from) < want; from++ {
				for to := g.start[tt]; to < g.start[tt]+g.count[tt] && len(g.from) < want; to++ {
					add(kind, from, to, mat)
				}
			}
		}
	}

	// Tonnes: Pareto above the material's smallest flow, capped.
	g.tonnes = make([]float64, len(g.from))
	for i, m := range g.mat {
		lo := genMaterials[m].tonnes
		x := lo * math.Pow(1-g.rng.Float64(), -1/genPareto)
		x = min(x, lo*genTonnesCap)
		if x >= 100 {
			x = math.Round(x)
		} else {
			x = math.Max(0.1, math.Round(x*10)/10)
		}
		g.tonnes[i] = x
	}
}

// finish builds the flows, estimates capacities and statuses from them and
// adds the countries and materials used.
func (g *generator) finish() {
	n := len(g.tierOf)
	prov := graph.Provenance{Sources: g.sources, AsOf: GeneratedAsOf, Confidence: graph.Low}
	notes := "Synthetic flow made by seed.Generate; tonnes drawn from a Pareto distribution."
	ids := make([]string, n)
	for i := range g.ds.Facilities {
		ids[i] = g.ds.Facilities[i].ID
	}
	in := make([]float64, n)
	out := make([]float64, n)
	usedMat := make([]bool, len(genMaterials))
	contents := seedDefaultContents()
	ree := make([]float64, len(genMaterials)) // t REE per t of each material
	for i, m := range genMaterials {
		for _, c := range contents[m.Code] {
			ree[i] += c.Fraction
		}
	}
	g.ds.Flows = make([]graph.Flow, len(g.from))
	for i := range g.from {
		from, to, m := g.from[i], g.to[i], g.mat[i]
		g.ds.Flows[i] = graph.Flow{
			From: ids[from], To: ids[to], Material: genMaterials[m].Code,
			TonnesPerYear: &g.tonnes[i], Basis: graph.Estimated, Notes: notes, Provenance: prov,
		}
		out[from] += g.tonnes[i] * ree[m]
		in[to] += g.tonnes[i] * ree[m]
		usedMat[m] = true
	}
	// A facility's capacity is its larger side plus a quarter of headroom;
	// one without flows is not (yet) operating.
	caps := make([]float64, n)
	statuses := w[graph.Status](graph.Construction, 50, graph.Planned, 30, graph.Closed, 20)
	usedCountry := map[string]bool{}
	for i := range g.ds.Facilities {
		f := &g.ds.Facilities[i]
		usedCountry[f.Country] = true
		through := max(in[i], out[i])
		if through == 0 {
			f.Status = statuses.draw(g.rng)
			continue
		}
		if unit := genTiers[g.tierOf[i]].unit; unit != "" {
			caps[i] = math.Ceil(through * 1.25)
			f.Capacity, f.CapacityUnit, f.CapacityBasis = &caps[i], unit, graph.EstimatedCapacity
		}
	}
	for i, m := range genMaterials {
		if usedMat[i] {
			mat := m.Material
			mat.Elements = nil
			mat.Provenance = prov
			for _, c := range contents[m.Code] {
				mat.Elements = append(mat.Elements, c.Element)
				c.Provenance = prov
				c.Notes = "The seed's default content of " + m.Code + "."
				g.ds.Contents = append(g.ds.Contents, c)
			}
			slices.Sort(mat.Elements)
			g.ds.Materials = append(g.ds.Materials, mat)
		}
	}
	codes := make([]string, 0, len(usedCountry))
	for c := range usedCountry {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		info := genCountries[c]
		g.ds.Countries = append(g.ds.Countries, graph.Country{Code: c, Name: info.name, Region: info.region})
	}
}

// seedDefaultContents returns the seed's default content rows (no from),
// by material: what generated materials hold. A row the reader rejects is
// left out (the generated dataset's own validation then says so).
func seedDefaultContents() map[string][]graph.Content {
	out := map[string][]graph.Content{}
	f, err := files.Open(ContentsFile)
	if err != nil {
		return out
	}
	defer func() { _ = f.Close() }()
	r := &reader{}
	var ds graph.Dataset
	r.readCSV(ContentsFile, f, &ds)
	for _, c := range ds.Contents {
		if c.From == "" {
			out[c.Material] = append(out[c.Material], c)
		}
	}
	return out
}
