# The demo console in www/: `make demo` serves it against telnyx-mock until
# Ctrl-C; `make test-demo` drives it in Debian's headless Chromium.
#
#   make demo                                   mock on :4010, console on :8080
#   make demo DEMO_PORT=8081 DEMO_MOCK_PORT=4011
#   TELNYX_API_KEY=KEY... TELNYX_BASE_URL=https://api.telnyx.com/v2 make demo
#                                               the real API through the console's proxy

.PHONY: demo test-demo

DEMO_PORT ?= 8080
DEMO_MOCK_PORT ?= 4010
# The browser test's whole run is bounded; it also stops everything it started.
DEMO_TEST_TIMEOUT ?= 300

demo: tools npm mock-bin
	DEMO_PORT=$(DEMO_PORT) MOCK_PORT=$(DEMO_MOCK_PORT) www/demo.sh $(MOCK_BIN)

test-demo: tools npm mock-bin
	@mkdir -p $(ARTIFACTS)/demo
	timeout --kill-after=10 60 node --test-reporter=spec tests/browser-demo/server.test.mjs
	MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) \
		timeout --kill-after=10 $(DEMO_TEST_TIMEOUT) \
		node --test-reporter=spec tests/browser-demo/console.test.mjs

TEST_STEPS_CONCURRENT += test-demo
