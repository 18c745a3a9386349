# Rust: formatting, lints and every crate's tests (core, native client, mock,
# contract tests).

.PHONY: lint test-rust

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	@# The proxy's checks are built only into the proxy's module (feature `proxy`).
	cargo clippy -p telnyx-wasm --features proxy --all-targets --locked -- -D warnings
	@# The mock's engine builds for wasm, without the server adapters.
	cargo check -p telnyx-mock --target wasm32-unknown-unknown --no-default-features --lib --locked
	@# Each crate's tests/*.rs are modules of one binary (tests/main.rs): a file not declared there would never run.
	@for main in $$(grep -l '^autotests = false' */Cargo.toml crates/*/Cargo.toml tests/*/Cargo.toml | sed 's|Cargo.toml$$|tests/main.rs|'); do \
		for file in $$(dirname $$main)/*.rs; do \
			mod=$$(basename $$file .rs); [ "$$mod" = main ] || grep -qx "mod $$mod;" $$main \
				|| { echo "$$file is not declared in $$main (add: mod $$mod;)"; exit 1; }; \
		done; \
	done

test-rust:
	cargo test --workspace --locked

TEST_STEPS += lint test-rust
