# Task runner. Each target is a command you could type yourself; the ones CI
# runs (race, lint, fuzz, ci) call .ci/run's stages, so the package lists
# and pinned versions live in one place. `make` alone lists the targets.

GO ?= go
FUZZTIME ?= 15s
BENCH ?= .
BENCHTIME ?= 200ms
# The analysis benchmarks build a 1 M user log by default; a tenth of that
# keeps `make bench` short. Set FUNNELSCOPE_BENCH_USERS for the real figures.
FUNNELSCOPE_BENCH_USERS ?= 100000
export FUZZTIME FUNNELSCOPE_BENCH_USERS

# Packages whose tests use golden files (x/exp/golden, directly or through
# teatest, which registers the -update flag).
GOLDEN_PKGS = $(shell grep -rlE --include='*_test.go' 'charmbracelet/x/exp/(golden|teatest)"' . | xargs -r -n1 dirname | sort -u)

.DEFAULT_GOAL := help
.PHONY: help build run test race lint fmt fmt-check vet fuzz golden bench ci clickhouse

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z-]+:.*## / { printf "  %-10s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: ## build every package
	$(GO) build ./...

run: ## the explorer on the workshop sample
	$(GO) run ./cmd/funnelscope demo

test: ## the README's test command
	$(GO) test ./...

race: ## the tests under the race detector (packages skipped: see .ci/run)
	bash .ci/run race

lint: ## golangci-lint, pinned and installed when missing; fails on findings
	bash .ci/run lint

fmt: ## gofmt every Go file in place
	gofmt -w .

fmt-check: ## fail when a Go file is not gofmt-ed (as CI does)
	bash .ci/run gofmt

vet: ## go vet
	$(GO) vet ./...

fuzz: ## fuzz the timestamp parser and the CSV and NDJSON readers, FUZZTIME each
	bash .ci/run fuzz

golden: ## rewrite the golden files; review the diff as you would a screenshot
	$(GO) test $(GOLDEN_PKGS) -update

bench: ## the Go benchmarks, briefly (BENCH=regexp, BENCHTIME=200ms)
	$(GO) test ./... -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME)

clickhouse: ## start (or reuse) the local ClickHouse server the ClickHouse tests use
	bash .ci/clickhouse.sh

ci: ## everything CI runs (bash .ci/run)
	bash .ci/run
