# The two commands of this project:
#   make run    install missing system packages, build (release), run recond on config.yaml
#   make test   install missing system packages, build, run the whole test suite
SWIFT  ?= swift
CONFIG ?= config.yaml

.PHONY: run test build deps plugins test-build bench clean

deps:
	@scripts/install-deps.sh

plugins:
	$(MAKE) -C Plugins/Examples/hello_c

build: deps plugins
	$(SWIFT) build -c release

run: build
	.build/release/recond run --config $(CONFIG)

# `swift build` links the dynamic plugin products the tests load; `--build-tests`
# alone does not relink them.
test-build: deps plugins
	$(SWIFT) build
	$(SWIFT) build --build-tests

# Unit and in-process suites run in parallel; the suites that start recond as a
# process run after them, so a saturated machine cannot starve the daemons they time.
test: test-build
	$(SWIFT) test --skip-build --skip EndToEndTests
	$(SWIFT) test --skip-build --filter EndToEndTests

# The benchmark harness: `make bench` (about 1 million keys) or `make bench KEYS=10000000`.
# Builds release products, then runs omsim and recond as child processes of reconbench and
# writes bench/results/<date>.json and .md.
KEYS ?= 1000000
bench: build
	.build/release/reconbench --keys $(KEYS) --products .build/release --out bench/results

clean:
	$(MAKE) -C Plugins/Examples/hello_c clean
	rm -rf .build data
