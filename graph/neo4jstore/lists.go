package neo4jstore

import (
	"context"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// Flows returns one page of the flows that match f, ordered by (from, to,
// material), and the cursor of the next page ("" on the last).
func (s *Store) Flows(ctx context.Context, f graph.FlowFilter) ([]graph.Flow, string, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	params := map[string]any{
		"material": nullable(f.Material), "basis": nullable(f.Basis), "from": nullable(f.From), "to": nullable(f.To),
		"fromCountry": nullable(f.FromCountry), "toCountry": nullable(f.ToCountry), "after": f.After, "limit": int64(f.Limit + 1),
	}
	list, err := readAll(ctx, s, "flows", params, flowFromRecord)
	if err != nil {
		return nil, "", err
	}
	// The key the query sorts and pages by.
	list, next := page(list, f.Limit, func(fl graph.Flow) string { return fl.From + "|" + fl.To + "|" + fl.Material })
	return list, next, nil
}

// Countries returns every country, by code.
func (s *Store) Countries(ctx context.Context) ([]graph.Country, error) {
	return readAll(ctx, s, "export_countries", nil, countryFromRecord)
}

// Controls returns every export control, by id.
func (s *Store) Controls(ctx context.Context) ([]graph.Control, error) {
	return readAll(ctx, s, "export_controls", nil, controlFromRecord)
}
