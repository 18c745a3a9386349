# Rust: formatting, lints and every crate's tests (core, native client, mock,
# contract tests).

.PHONY: lint test-rust

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

test-rust:
	cargo test --workspace --locked

TEST_STEPS += lint test-rust
