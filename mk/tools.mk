# Installs what the build and the tests need, skipping what is already there
# at the right version (see the README's "fresh machine" notes).

WASM_BINDGEN_VERSION := 0.2.129
WASM_PACK_VERSION := 0.15.1

.PHONY: tools tools-rust tools-node tools-chromium

tools: tools-rust tools-node tools-chromium

tools-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@# make npm rebuilds the standard library for the module with nightly (mk/npm.mk): it needs rust-src.
	@# rustup could update itself on such a call; it must not.
	@if rustup toolchain list | grep -q '^nightly'; then \
		rustup component list --toolchain nightly --installed | grep -q '^rust-src' \
		|| { rustup set auto-self-update disable && rustup component add rust-src --toolchain nightly; }; \
	else echo "tools: no nightly toolchain here; make npm builds with stable (a larger module)"; fi
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked
	@wasm-pack --version 2>/dev/null | grep -qx 'wasm-pack $(WASM_PACK_VERSION)' \
		|| cargo install wasm-pack --version $(WASM_PACK_VERSION) --locked

# npm ci only when the lock file changed since the last install.
tools-node: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

tools-chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
