# The two commands of this project:
#   make run    install missing system packages, build (release), run recond on config.yaml
#   make test   install missing system packages, build, run the whole test suite
SWIFT  ?= swift
CONFIG ?= config.yaml

.PHONY: run test build deps plugins test-build clean

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

clean:
	$(MAKE) -C Plugins/Examples/hello_c clean
	rm -rf .build data
