package neo4jstore

import (
	"context"
	"fmt"
	"log/slog"
)

// driverLogger routes the driver's log into slog.
type driverLogger struct{ l *slog.Logger }

func (d driverLogger) Error(name, id string, err error) {
	d.l.Error("neo4j driver", "name", name, "id", id, "err", err)
}

func (d driverLogger) Warnf(name, id string, msg string, args ...any) {
	d.l.Warn("neo4j driver: "+fmt.Sprintf(msg, args...), "name", name, "id", id)
}

// Infof logs at debug level: the driver's info messages (each connection
// opened and closed) are too chatty for an operator's log.
func (d driverLogger) Infof(name, id string, msg string, args ...any) {
	if !d.l.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	d.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "name", name, "id", id)
}

func (d driverLogger) Debugf(name, id string, msg string, args ...any) {
	if !d.l.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	d.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "name", name, "id", id)
}
