# telnyx-mock: the mock Telnyx server (mock-server/).
#
#   make mock         run it on 127.0.0.1:4010 (MOCK_ARGS adds flags, e.g. --api-key KEY)
#   make test-mock    its tests (also part of test-rust; kept apart for quick runs)

MOCK_ARGS ?=
# The program every suite runs against (release: the profile users get).
MOCK_BIN := $(TARGET_DIR)/release/telnyx-mock

.PHONY: mock test-mock mock-bin

mock-bin:
	cargo build --release --locked -p telnyx-mock

mock:
	cargo run --profile fast -p telnyx-mock -- --port 4010 $(MOCK_ARGS)

test-mock:
	cargo test -p telnyx-mock --locked
