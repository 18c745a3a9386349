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

test-rust:
	cargo test --workspace --locked

TEST_STEPS += lint test-rust
