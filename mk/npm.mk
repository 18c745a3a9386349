# The npm package telnyx-wasm: build (make npm) and its tests (make test-npm).
#
#   make npm        crates/telnyx-wasm/pkg/, a directory `npm pack` turns into the package
#   make test-npm   Node, Workers (wrangler/workerd) and Chromium tests of the packed
#                   tarball against telnyx-mock, the tsc check and the size budget

NPM_CRATE := crates/telnyx-wasm
NPM_PKG := $(NPM_CRATE)/pkg
NPM_WASM := $(NPM_PKG)/telnyx_wasm_bg.wasm

# With the nightly toolchain and its rust-src installed, the standard library is
# rebuilt for the module with panics that trap at once: no panic handler, and none
# of the core::fmt machinery it pulls in (-2.6 KB gzip of wasm), and no source
# locations for panics that print nothing. A panic traps either way (the release
# profile aborts), so behaviour is the same. Without them, the stable toolchain
# builds the module; NPM_NIGHTLY=no forces that.
NPM_NIGHTLY ?= $(shell rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' && echo yes)
ifeq ($(NPM_NIGHTLY),yes)
NPM_CARGO_ENV := RUSTUP_TOOLCHAIN=nightly RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
NPM_CARGO_ARGS := -Z build-std=std,panic_abort
endif
# The proxy's module (telnyx-wasm/proxy) is the same crate with its `proxy`
# feature, built on its own so that a client does not carry the proxy's checks.
NPM_PROXY_OUT := $(TARGET_DIR)/npm-proxy

.PHONY: npm test-npm

npm: npm-mock
	@[ "$(NPM_NIGHTLY)" = yes ] || echo "make npm: stable toolchain (nightly with rust-src not used): the module is ~2.8 KB gzip larger"
	@# The proxy's module first: the client's build, last, leaves its .wasm in target/ for twiggy.
	@mkdir -p $(NPM_PKG)
	CARGO_TARGET_DIR=$(TARGET_DIR) $(NPM_CARGO_ENV) wasm-pack build --mode no-install --target web --release --no-pack \
		--out-dir $(NPM_PROXY_OUT) --out-name telnyx_proxy $(NPM_CRATE) -- --features proxy $(NPM_CARGO_ARGS)
	wasm-opt -Oz --strip-producers --strip-target-features $(NPM_PROXY_OUT)/telnyx_proxy_bg.wasm -o $(NPM_PKG)/telnyx_proxy_bg.wasm
	cp $(NPM_PROXY_OUT)/telnyx_proxy.js $(NPM_PKG)/telnyx_proxy.js
	CARGO_TARGET_DIR=$(TARGET_DIR) $(NPM_CARGO_ENV) wasm-pack build --mode no-install --target web --release --no-pack \
		--out-dir pkg --out-name telnyx_wasm $(NPM_CRATE) -- $(NPM_CARGO_ARGS)
	wasm-opt -Oz --strip-producers --strip-target-features $(NPM_WASM) -o $(NPM_WASM)
	node $(NPM_CRATE)/scripts/assemble.mjs $(NPM_CRATE) $(CURDIR)
	node $(NPM_CRATE)/scripts/entries.mjs $(NPM_CRATE) $(CURDIR)

test-npm: npm mock-bin
	TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) tests/npm/run.sh

TEST_STEPS_CONCURRENT += test-npm

# What takes the module's bytes (twiggy: `cargo install twiggy`).
.PHONY: npm-twiggy
npm-twiggy: npm
	@command -v twiggy >/dev/null || { echo "twiggy is not installed: cargo install twiggy"; exit 1; }
	wasm-bindgen --target web --keep-debug --out-dir $(TARGET_DIR)/npm-twiggy \
		$(TARGET_DIR)/wasm32-unknown-unknown/release/telnyx_wasm.wasm
	wasm-opt -Oz --strip-dwarf --debuginfo $(TARGET_DIR)/npm-twiggy/telnyx_wasm_bg.wasm -o $(TARGET_DIR)/npm-twiggy/named.wasm
	twiggy top -n 30 $(TARGET_DIR)/npm-twiggy/named.wasm
