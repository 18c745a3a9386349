# The npm client under faults: the fault matrix and the client's promises, run on the
# packed package against telnyx-mock (tests/reliability).
#
#   make test-reliability     the suite; its report goes to artifacts/reliability/client.md
#   make reliability-report   the suite, then the report written into RELIABILITY.md

.PHONY: test-reliability reliability-report

RELIABILITY_RUN = TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) tests/reliability/run.sh

test-reliability: npm mock-bin
	$(RELIABILITY_RUN)

reliability-report: npm mock-bin
	RELIABILITY_WRITE=1 $(RELIABILITY_RUN)

# First of the concurrent steps: the longest, and mostly waiting out retry-after and timeouts.
TEST_STEPS_CONCURRENT := test-reliability $(TEST_STEPS_CONCURRENT)
