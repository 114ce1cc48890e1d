package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// batchSize is how many rows one UNWIND statement carries.
const batchSize = 5000

// LoadStats counts what a load wrote.
type LoadStats struct {
	Countries, Materials, Facilities, Flows int
}

// Load merges a dataset into the graph in one write transaction, batched
// with UNWIND: either all of it is written or, on any error, none of it.
// Loading the same dataset twice changes nothing (MERGE on stable ids).
// The dataset must be valid (see package seed); Load does not validate it.
func (s *Store) Load(ctx context.Context, ds graph.Dataset) (LoadStats, error) {
	countries := make([]map[string]any, len(ds.Countries))
	for i, c := range ds.Countries {
		countries[i] = map[string]any{"code": c.Code, "name": c.Name, "region": c.Region}
	}
	materials := make([]map[string]any, len(ds.Materials))
	for i, m := range ds.Materials {
		materials[i] = materialRow(m)
	}
	facilities := make([]map[string]any, len(ds.Facilities))
	for i, f := range ds.Facilities {
		facilities[i] = facilityRow(f)
	}
	flows := make([]map[string]any, len(ds.Flows))
	for i, f := range ds.Flows {
		flows[i] = flowRow(f)
	}
	steps := []struct {
		query string
		rows  []map[string]any
	}{
		{"upsert_countries", countries},
		{"upsert_materials", materials},
		{"upsert_facilities", facilities},
		{"upsert_flows", flows},
	}
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		for _, step := range steps {
			q := s.lib.MustGet(step.query)
			for start := 0; start < len(step.rows); start += batchSize {
				end := min(start+batchSize, len(step.rows))
				res, err := tx.Run(ctx, q.Text, map[string]any{"rows": step.rows[start:end]})
				if err != nil {
					return struct{}{}, err
				}
				if _, err := res.Consume(ctx); err != nil {
					return struct{}{}, err
				}
			}
		}
		return struct{}{}, nil
	}, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err != nil {
		return LoadStats{}, wrap("load dataset", err)
	}
	return LoadStats{Countries: len(countries), Materials: len(materials), Facilities: len(facilities), Flows: len(flows)}, nil
}

// Empty reports whether the database holds no facility.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	page, _, err := s.Facilities(ctx, graph.FacilityFilter{Limit: 1})
	if err != nil {
		return false, err
	}
	return len(page) == 0, nil
}

// Clear deletes every node and relationship, in batches.
func (s *Store) Clear(ctx context.Context) error {
	q := s.lib.MustGet("clear_graph")
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	for {
		n, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (int64, error) {
			res, err := tx.Run(ctx, q.Text, q.Defaults(nil))
			if err != nil {
				return 0, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return 0, err
			}
			return get[int64](rec, "deleted")
		}, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
		if err != nil {
			return wrap("clear graph", err)
		}
		if n == 0 {
			return nil
		}
	}
}

func provenance(m map[string]any, p graph.Provenance) map[string]any {
	m["sources"] = p.Sources
	m["asOf"] = nullable(p.AsOf)
	m["confidence"] = nullable(p.Confidence)
	return m
}

func materialRow(m graph.Material) map[string]any {
	return provenance(map[string]any{
		"code": m.Code, "name": m.Name, "stage": m.Stage, "elements": m.Elements,
		"description": nullable(m.Description),
	}, m.Provenance)
}

func facilityRow(f graph.Facility) map[string]any {
	props := provenance(map[string]any{
		"name":                f.Name,
		"company":             nullable(f.Company),
		"country":             f.Country,
		"lat":                 floatOrNil(f.Lat),
		"lon":                 floatOrNil(f.Lon),
		"locationApproximate": f.LocationApproximate,
		"capacity":            floatOrNil(f.Capacity),
		"capacityUnit":        nullable(f.CapacityUnit),
		"capacityBasis":       nullable(f.CapacityBasis),
		"status":              f.Status,
		"aggregate":           f.Aggregate,
		"notes":               nullable(f.Notes),
	}, f.Provenance)
	return map[string]any{"id": f.ID, "tier": string(f.Tier), "country": f.Country, "props": props}
}

func flowRow(f graph.Flow) map[string]any {
	props := provenance(map[string]any{
		"tonnesPerYear": floatOrNil(f.TonnesPerYear),
		"basis":         f.Basis,
		"validFrom":     nullable(f.ValidFrom),
		"validTo":       nullable(f.ValidTo),
		"notes":         nullable(f.Notes),
	}, f.Provenance)
	return map[string]any{"from": f.From, "to": f.To, "material": f.Material, "props": props}
}

func floatOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Counts is how many of each thing the graph holds.
type Counts struct {
	Facilities, Flows, Countries, Materials, LocatedIn int64
}

// Count counts the graph's facilities, flows, countries, materials and
// LOCATED_IN links.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	return readOne(ctx, s, "counts", nil, func(r *neo4j.Record) (Counts, error) {
		var c Counts
		var err error
		for _, f := range []struct {
			key string
			dst *int64
		}{{"facilities", &c.Facilities}, {"flows", &c.Flows}, {"countries", &c.Countries}, {"materials", &c.Materials}, {"locatedIn", &c.LocatedIn}} {
			if *f.dst, err = get[int64](r, f.key); err != nil {
				return c, err
			}
		}
		return c, nil
	})
}
