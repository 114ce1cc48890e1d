package neo4jstore

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/chokepoint-dev/chokepoint/graph"
)

// SaveScenario keeps a scenario under its name, in the current format.
func (s *Store) SaveScenario(ctx context.Context, sc graph.Scenario) error {
	spec, err := encodeScenario(sc)
	if err != nil {
		return err
	}
	_, err = s.write(ctx, "save_scenario", map[string]any{"name": sc.Name, "spec": spec})
	return err
}

// Scenario returns a saved scenario, in whichever format it was saved.
func (s *Store) Scenario(ctx context.Context, name string) (graph.Scenario, error) {
	list, err := readAll(ctx, s, "scenario", map[string]any{"name": name}, func(r *neo4j.Record) (string, error) {
		return get[string](r, "spec")
	})
	if err != nil {
		return graph.Scenario{}, err
	}
	if len(list) == 0 {
		return graph.Scenario{}, graph.Errorf(graph.NotFound, "scenario", "no saved scenario named %q", name)
	}
	return decodeScenario(name, list[0])
}

// Scenarios lists the saved scenarios' names.
func (s *Store) Scenarios(ctx context.Context) ([]string, error) {
	return readAll(ctx, s, "scenarios", nil, func(r *neo4j.Record) (string, error) { return get[string](r, "name") })
}

// DeleteScenario forgets a saved scenario.
func (s *Store) DeleteScenario(ctx context.Context, name string) error {
	recs, err := s.write(ctx, "delete_scenario", map[string]any{"name": name})
	if err != nil {
		return err
	}
	if len(recs) == 1 {
		if n, _ := recs[0].Get("deleted"); n == int64(0) {
			return graph.Errorf(graph.NotFound, "scenario", "no saved scenario named %q", name)
		}
	}
	return nil
}

// write runs a named write query in its own transaction.
func (s *Store) write(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	defer s.observe(name, time.Now())
	q := s.lib.MustGet(name)
	session := s.session(ctx, neo4j.AccessModeWrite)
	defer closeSession(ctx, session)
	recs, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		res, err := tx.Run(ctx, q.Text, q.Defaults(params))
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}, neo4j.WithTxTimeout(s.cfg.ReadTimeout))
	if err != nil {
		return nil, wrap(name, err)
	}
	return recs, nil
}
