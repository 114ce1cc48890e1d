# Chokepoint: the two commands a newcomer needs are `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

GO            ?= go
BIN           := bin/chokepoint
LOCAL_IMAGE   := chokepoint/neo4j:5.26-local
GOLANGCI      := golangci-lint
GOLANGCI_VER  := v2.15.0
GOBIN         := $(shell $(GO) env GOPATH)/bin

# testcontainers: Ryuk's image cannot be pulled here, and inside a container
# it would dial the VM's gateway; keep every test on loopback.
export TESTCONTAINERS_RYUK_DISABLED := true
export TESTCONTAINERS_HOST_OVERRIDE := localhost
# Integration tests use the locally built image unless told otherwise
# (NEO4J_TEST_IMAGE=neo4j:5.26-community for the official one, or
# NEO4J_TEST_URI for a running server).
NEO4J_TEST_IMAGE ?= $(LOCAL_IMAGE)
export NEO4J_TEST_IMAGE

.PHONY: run test build web webtest neo4j image vet lint unit fuzz deps-run deps-test clean help

help:
	@echo "make run    build and serve http://localhost:8080 on a local Neo4j (seeded on first start)"
	@echo "make test   vet, lint, and every test, integration tests on Neo4j in a container"

## run: install what is missing, build, start the local Neo4j, seed, serve.
run: deps-run build neo4j
	./$(BIN) serve

## test: everything: vet, lint, unit and integration tests on a real Neo4j,
## and a bounded fuzzing run of the console's read-only guard.
test: deps-test build webtest neo4j image vet lint fuzz
	@# -v so that the log shows each test and the Neo4j containers it ran on;
	@# the full output is in test-output.log, a summary on the terminal.
	@# The browser test runs after the others, alone, so that its render
	@# timings are not taken while other packages' tests load the machine.
	@status=0; { $(GO) test -v -count=1 -timeout 15m $$($(GO) list ./... | grep -v '/web$$') || status=$$?; \
	  $(GO) test -v -count=1 -timeout 10m ./web/ || status=$$?; } >test-output.log 2>&1; \
	  grep -E '^(ok|FAIL|panic:|neo4jtest:|--- FAIL)|^\s*--- FAIL|viewer timing:|[0-9]+ clients, ' test-output.log || true; \
	  echo "full log: test-output.log"; \
	  echo "tests: $$(grep -cE '^\s*--- PASS' test-output.log) passed, $$(grep -cE '^\s*--- FAIL' test-output.log) failed, $$(grep -cE '^\s*--- SKIP' test-output.log) skipped"; \
	  if [ $$status -ne 0 ]; then echo "--- last 150 lines of test-output.log:"; tail -150 test-output.log; exit $$status; fi

build: web
	$(GO) build -o $(BIN) .

## web: the viewer's bundle: npm packages from package-lock.json (installed
## again only when the lock file changes), bundled by esbuild into
## web/static/dist, which the binary embeds.
web:
	@cd web && if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; fi
	cd web && npm run --silent build

## webtest: the viewer's unit tests (URL state, data mapping) in Node, then
## its checks (formatting, types) when package.json has a check script.
webtest: web
	cd web && npm test --silent
	cd web && npm run --silent --if-present check

## neo4j: fetch the Neo4j server's jars (with Neo4j Browser) and
## cypher-shell's, in a folder of its own, with Maven, once (cached per user).
neo4j: build
	./$(BIN) neo4j assemble >/dev/null
	./$(BIN) neo4j assemble -cypher-shell >/dev/null

## image: the local Neo4j test image (rebuilt only when its inputs change).
image: neo4j
	@if [ -n "$${NEO4J_TEST_URI:-}" ]; then echo "NEO4J_TEST_URI is set: no image needed"; \
	elif [ "$(NEO4J_TEST_IMAGE)" = "$(LOCAL_IMAGE)" ]; then \
	  CHOKEPOINT_NEO4J_LIB=$$(./$(BIN) neo4j assemble) neo4j/image/build.sh $(LOCAL_IMAGE); \
	else echo "using $(NEO4J_TEST_IMAGE)"; fi

## vet: gofmt, then go vet for every platform the binary is built for
## (process control differs per GOOS: see neo4j/proc_*.go), so a
## Linux-only call cannot come back unnoticed.
VET_GOOS := linux darwin windows
vet:
	@unformatted=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	@for goos in $(VET_GOOS); do echo "GOOS=$$goos $(GO) vet ./..."; GOOS=$$goos $(GO) vet ./... || exit 1; done

lint:
	@if ! $(GOBIN)/$(GOLANGCI) version 2>/dev/null | grep -q "$(GOLANGCI_VER:v%=%)"; then \
	  echo "installing golangci-lint $(GOLANGCI_VER)"; \
	  $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VER); fi
	$(GOBIN)/$(GOLANGCI) run ./...

## fuzz: each fuzz target for FUZZTIME: generated Cypher at the read-only
## console on a real Neo4j (a statement that changes the graph fails it),
## bytes at the import parser, query strings at the API's parameters.
FUZZTIME ?= 20s
FUZZ_TARGETS := FuzzConsoleGuard:./graph/neo4jstore/ FuzzImportParse:./seed/ FuzzQueryParameters:./server/
fuzz: image
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
	  echo "fuzzing $${t%%:*} for $(FUZZTIME)"; \
	  out=$$(mktemp); \
	  run() { $(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) -parallel 1 $${t#*:} >$$out 2>&1; }; \
	  ok=0; run && ok=1; \
	  if [ $$ok = 0 ] && grep -q 'context deadline exceeded' $$out && ! grep -q 'Failing input written' $$out; then \
	    echo "fuzz: a worker was still running an input when the time was up (Go's fuzzer then reports the deadline, not a finding); once more"; \
	    run && ok=1; \
	  fi; \
	  if [ $$ok = 1 ]; then \
	    grep -E '^(fuzz: elapsed: [0-9]+s, execs|PASS|ok|neo4jtest:)' $$out | tail -6; rm -f $$out; \
	  else \
	    grep -vE '^ +[0-9]{4}-[0-9]{2}-[0-9]{2} |^\{"time"' $$out | tail -40; rm -f $$out; exit 1; \
	  fi; \
	done

## unit: the tests that need no Neo4j.
unit:
	$(GO) test -short ./...

deps-run:
	@bash .ci/deps run

deps-test:
	@bash .ci/deps test

clean:
	rm -rf bin test-output.log test-artifacts web/static/dist
