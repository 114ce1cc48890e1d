// Command neo4j-entrypoint is the entry point of the local Neo4j test
// image: the `chokepoint neo4j` command on its own, so the image is rebuilt
// only when package localneo4j (in neo4j/) changes. It honours NEO4J_AUTH
// and NEO4J_<setting> variables like the official image and logs "Bolt
// enabled on" on stdout.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	localneo4j "github.com/chokepoint-dev/chokepoint/neo4j"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := localneo4j.Main(ctx, os.Args[1:], os.Stdout, os.Stderr, "/data")
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "neo4j-entrypoint:", err)
		os.Exit(1)
	}
}
