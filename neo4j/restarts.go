package localneo4j

import (
	"slices"
	"time"
)

// MaxRestarts is how many times a supervisor (serve, or the `neo4j`
// command) starts again a local server that died, within RestartWindow,
// before it gives up.
const (
	MaxRestarts   = 3
	RestartWindow = 10 * time.Minute
)

// Restarts counts a server's deaths in the last RestartWindow.
type Restarts struct {
	deaths []time.Time
}

// Died records a death at now and reports how many fell in the window and
// whether the server may be started again.
func (r *Restarts) Died(now time.Time) (n int, again bool) {
	r.deaths = append(slices.DeleteFunc(r.deaths, func(t time.Time) bool { return now.Sub(t) > RestartWindow }), now)
	return len(r.deaths), len(r.deaths) <= MaxRestarts
}
