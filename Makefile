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
# TEST_STEPS; `make test` runs the steps in the order the files are included.

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

include mk/tools.mk
include mk/rust.mk
include $(sort $(filter-out mk/tools.mk mk/rust.mk,$(wildcard mk/*.mk)))

.PHONY: help test
help:
	@sed -n '/^$$/q; s/^# \{0,1\}//; p' Makefile

# Each step's wall time is printed as it ends, and the table of all of them at the end,
# so the README's time can be read off a run.
test:
	@all=$$(date +%s); times=""; \
	for step in tools $(TEST_STEPS); do \
		echo "==> make $$step"; start=$$(date +%s); \
		$(MAKE) --no-print-directory $$step; \
		line=$$(printf '%-22s %5d s' $$step $$(( $$(date +%s) - start ))); times="$$times$$line"$$'\n'; echo "==> $$line"; \
	done; \
	echo "==> all test steps passed; wall time per step:"; \
	printf '%s%-22s %5d s\n' "$$times" total $$(( $$(date +%s) - all ))
