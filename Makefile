# The project's entry points. `make test` is what CI runs (.ci/run).
#
#   make test    the whole suite, installing what is missing first
#   make demo    the demo console against telnyx-mock
#   make npm     build the npm package into crates/telnyx-wasm/pkg
#   make mock    run telnyx-mock on 127.0.0.1:4010
#   make bench   side-by-side benchmarks, written to BENCHMARKS.md
#   make soak    the mock under 1,000,000 requests, written to RELIABILITY.md
#   make fuzz    cargo-fuzz on the core's decoders (FUZZ_SECONDS each)
#
# Each area keeps its rules in mk/<area>.mk and appends its test step to
# TEST_STEPS (run one after another, in the order the files are included) or,
# for a suite that shares no port, directory or state with the others, to
# TEST_STEPS_CONCURRENT (run TEST_JOBS at a time once the npm packages are
# built, each step's output printed whole when it ends).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export CARGO_TERM_COLOR ?= never
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

# Where cargo puts its output (honours CARGO_TARGET_DIR).
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
# Test artifacts (screenshots, logs, reports).
ARTIFACTS ?= $(CURDIR)/artifacts

TEST_STEPS :=
TEST_STEPS_CONCURRENT :=
TEST_JOBS ?= 2

include mk/tools.mk
include mk/rust.mk
include $(sort $(filter-out mk/tools.mk mk/rust.mk,$(wildcard mk/*.mk)))

.PHONY: help test
help:
	@sed -n '/^$$/q; s/^# \{0,1\}//; p' Makefile

# Each step's wall time is printed as it ends, and the table of all of them at the end,
# so the README's time can be read off a run.
TEST_TIMES := $(TARGET_DIR)/test-times
test:
	@rm -rf $(TEST_TIMES); mkdir -p $(TEST_TIMES); all=$$(date +%s); \
	for step in tools $(TEST_STEPS) npm mock-bin; do $(MAKE) --no-print-directory timed/$$step; done; \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target $(addprefix timed/,$(TEST_STEPS_CONCURRENT)) \
		TIMED_BUILT="-o tools -o npm -o npm-mock -o mock-bin"; \
	echo "==> all test steps passed; wall time per step ($(TEST_JOBS) at a time from $(firstword $(TEST_STEPS_CONCURRENT))):"; \
	for step in tools $(TEST_STEPS) npm mock-bin $(TEST_STEPS_CONCURRENT); do cat $(TEST_TIMES)/$$step; done; \
	printf '%-22s %5d s\n' total $$(( $$(date +%s) - all ))

# One step, timed. In the concurrent part the tools and packages are already built
# (TIMED_BUILT): two steps rebuilding crates/telnyx-wasm/pkg at once would race.
timed/%:
	@echo "==> make $*"; start=$$(date +%s); \
	$(MAKE) --no-print-directory $(TIMED_BUILT) $*; \
	printf '%-22s %5d s\n' $* $$(( $$(date +%s) - start )) | tee $(TEST_TIMES)/$* | sed 's/^/==> /'
