# The npm package telnyx-mock: the mock's engine as wasm, answering fetch
# in-process (Node, pages, Workers) and `npx telnyx-mock` on node:http.
#
#   make npm-mock        mock-server/npm/pkg/, a directory `npm pack` turns into the package
#   make test-mock-npm   its tests, from the packed tarball (Node, Chromium, wrangler, tsc,
#                        the CLI, a differential check against the program, the spec)

MOCK_NPM_PKG := mock-server/npm/pkg
MOCK_NPM_WASM := $(TARGET_DIR)/wasm32-unknown-unknown/release/telnyx_mock_wasm.wasm

.PHONY: npm-mock test-mock-npm

npm-mock:
	cargo build --locked --target wasm32-unknown-unknown --release -p telnyx-mock-wasm
	rm -rf $(MOCK_NPM_PKG)
	wasm-bindgen --target web --out-dir $(MOCK_NPM_PKG) --out-name telnyx_mock_wasm $(MOCK_NPM_WASM)
	wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
		--strip-producers $(MOCK_NPM_PKG)/telnyx_mock_wasm_bg.wasm -o $(MOCK_NPM_PKG)/telnyx_mock_wasm_bg.wasm
	node mock-server/npm/build.mjs $(MOCK_NPM_PKG) $(CURDIR)

test-mock-npm: npm mock-bin
	cargo build --locked -p telnyx-mock-wasm --example check_answers
	TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) tests/mock-npm/run.sh

TEST_STEPS_CONCURRENT += test-mock-npm

# Its section of BENCHMARKS.md: paging 10,000 accounts in-process vs the program over
# loopback, and the package's size (bench/mock-npm.mjs rewrites only its own section).
.PHONY: bench-mock-npm
bench-mock-npm: bench-mock npm
	BENCH_MOCK=$(BENCH_MOCK) BENCH_MOCK_PKG=$(CURDIR)/$(MOCK_NPM_PKG) BENCH_PKG=$(CURDIR)/crates/telnyx-wasm/pkg \
	BENCH_OUT=$(CURDIR)/BENCHMARKS.md node bench/mock-npm.mjs
