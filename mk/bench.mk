# Benchmarks and soak runs (bench/).
#
#   make bench       every measurement of the performance issue, side by side with the
#                    official SDK, a bare fetch loop, a bare hyper handler and Prism,
#                    written to BENCHMARKS.md (BENCH_QUICK=1 for a short harness check)
#   make soak        1,000,000 mixed requests at 64 connections, 1,000 concurrent creates
#                    and hostile requests against telnyx-mock, written to RELIABILITY.md
#   make test-soak   the same assertions on 50,000 requests (a `make test` step, ~1 min)

BENCH_TOOLS_DIR := $(TARGET_DIR)/bench-tools/release
BENCH_BARE := $(BENCH_TOOLS_DIR)/bare-hyper
BENCH_LOAD := $(BENCH_TOOLS_DIR)/telnyx-load
# The mock under load is built for speed, not size.
BENCH_MOCK := $(TARGET_DIR)/fast/telnyx-mock
BENCH_PRISM := bench/prism/node_modules/.bin/prism
# Row 5′'s floor (bench/floor): built as make npm builds the package's module.
BENCH_FLOOR := $(TARGET_DIR)/bench-floor

.PHONY: bench soak test-soak bench-deps bench-tools bench-mock bench-prism bench-floor

bench-deps:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	@command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked

# Prism is only a baseline: its own lock file, installed without running install scripts.
bench-prism: bench/prism/node_modules/.package-lock.json
bench/prism/node_modules/.package-lock.json: bench/prism/package-lock.json
	cd bench/prism && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

bench-tools:
	cargo build --release --locked --manifest-path bench/tools/Cargo.toml --target-dir $(TARGET_DIR)/bench-tools

bench-mock:
	cargo build --profile fast --locked -p telnyx-mock

bench-floor:
	CARGO_TARGET_DIR=$(TARGET_DIR) $(NPM_CARGO_ENV) wasm-pack build --mode no-install --target web --release --no-pack \
		--out-dir $(BENCH_FLOOR) --out-name floor bench/floor -- $(NPM_CARGO_ARGS)
	wasm-opt -Oz --strip-producers --strip-target-features $(BENCH_FLOOR)/floor_bg.wasm -o $(BENCH_FLOOR)/floor_bg.wasm
	echo '{ "type": "module" }' > $(BENCH_FLOOR)/package.json

bench: bench-deps bench-prism bench-tools bench-mock bench-floor npm
	BENCH_MOCK=$(BENCH_MOCK) BENCH_BARE=$(BENCH_BARE) BENCH_PRISM=$(BENCH_PRISM) BENCH_FLOOR=$(BENCH_FLOOR) \
	BENCH_PKG=$(CURDIR)/crates/telnyx-wasm/pkg BENCH_TWIGGY=$$(command -v twiggy || true) \
	BENCH_WASM_CARGO=$(TARGET_DIR)/wasm32-unknown-unknown/release/telnyx_wasm.wasm \
	BENCH_OUT=$(CURDIR)/BENCHMARKS.md node bench/run.mjs
	@# run.mjs writes BENCHMARKS.md whole; the mock package's section is added after it.
	$(MAKE) --no-print-directory bench-mock-npm

soak: bench-tools bench-mock
	SOAK_MOCK=$(BENCH_MOCK) SOAK_LOAD=$(BENCH_LOAD) SOAK_REQUESTS=1000000 \
	SOAK_OUT=$(CURDIR)/RELIABILITY.md SOAK_ARTIFACTS=$(ARTIFACTS)/soak bench/soak.sh

test-soak: bench-tools bench-mock
	SOAK_MOCK=$(BENCH_MOCK) SOAK_LOAD=$(BENCH_LOAD) SOAK_REQUESTS=50000 \
	SOAK_ARTIFACTS=$(ARTIFACTS)/test-soak bench/soak.sh

TEST_STEPS += test-soak
