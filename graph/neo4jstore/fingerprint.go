package neo4jstore

import (
	"math"
	"strconv"
	"strings"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// FingerprintOf computes, from a dataset, the fingerprint
// (fingerprint.cypher) of a graph that holds exactly it: the query's
// values, in its order. A process that has just written a dataset can so
// tell whether the graph is the dataset it holds (Describes) without
// reading the graph back.
func FingerprintOf(ds graph.Dataset) []float64 {
	var v [29]float64
	for _, f := range ds.Facilities {
		v[0]++
		v[1] += deref(f.Capacity)
		v[2] += present(f.CapacityLow) + present(f.CapacityHigh)
		v[3] += deref(f.CapacityLow)
		v[4] += deref(f.CapacityHigh)
		if f.OnlineDate != "" {
			v[5]++
			day, _ := strconv.Atoi(strings.ReplaceAll(f.OnlineDate, "-", ""))
			v[6] += float64(day)
		}
		v[7] += float64(f.RampMonths)
		v[8] += present(f.StockDays)
		v[9] += deref(f.StockDays)
	}
	for _, f := range ds.Flows {
		v[10]++
		v[11] += deref(f.TonnesPerYear)
		v[12] += present(f.TonnesLow) + present(f.TonnesHigh)
		v[13] += deref(f.TonnesLow)
		v[14] += deref(f.TonnesHigh)
		if f.ValidTo != "" {
			v[15]++
		}
		if f.ValidFrom != "" {
			v[16]++
		}
	}
	v[17] = float64(len(ds.Controls))
	v[18] = float64(len(ds.Materials))
	for _, c := range ds.Contents {
		v[19]++
		v[20] += c.Fraction
		v[21] += present(c.FractionLow) + present(c.FractionHigh)
		v[22] += deref(c.FractionLow)
		v[23] += deref(c.FractionHigh)
		if c.From != "" {
			v[24]++
		}
	}
	for _, s := range ds.Stockpiles {
		v[25]++
		v[26] += s.Days
	}
	for _, d := range ds.Demands {
		v[27]++
		v[28] += d.TonnesPerYear
	}
	return v[:]
}

// Describes reports whether fp, as Store.Fingerprint returns it, is the
// fingerprint of a graph that holds exactly ds: every count equal, every
// sum within a billionth of its size (the server adds in its own order).
func Describes(fp string, ds graph.Dataset) bool {
	fields := strings.Fields(fp)
	want := FingerprintOf(ds)
	if len(fields) != len(want) {
		return false
	}
	for i, f := range fields {
		got, err := strconv.ParseFloat(f, 64)
		if err != nil || math.Abs(got-want[i]) > 1e-9*max(1, math.Abs(want[i])) {
			return false
		}
	}
	return true
}

// Describes is the package's Describes, for the analyses
// (analysis.Describer).
func (s *Store) Describes(fp string, ds graph.Dataset) bool { return Describes(fp, ds) }

func deref(x *float64) float64 {
	if x == nil {
		return 0
	}
	return *x
}

func present(x *float64) float64 {
	if x == nil {
		return 0
	}
	return 1
}
