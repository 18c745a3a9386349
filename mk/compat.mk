# The compatibility suite (tests/compat): the packed tarball installed into one
# small project per runtime, module format and bundler, each making real calls
# against telnyx-mock. The tools are pinned in tests/compat/package-lock.json
# and installed into $(TARGET_DIR)/compat once (again only when the lock changes).
#
#   make test-compat                      the rows below
#   make test-compat COMPAT_ROWS=all      every row (tests/compat/suite.test.mjs)
#   make test-compat COMPAT_ROWS=node-cjs,vite-dev

COMPAT_ROWS ?= all

.PHONY: test-compat

test-compat: npm mock-bin
	TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) COMPAT_WORK=$(TARGET_DIR)/compat \
		COMPAT_ROWS=$(COMPAT_ROWS) tests/compat/run.sh

TEST_STEPS_CONCURRENT += test-compat
