# Fuzzing of telnyx-core with cargo-fuzz on the nightly toolchain. Slow, so it
# is not a test step. The checks live in crates/telnyx-core/tests/fuzz_checks;
# a finding becomes a regression test by copying it to
# fuzz/regressions/<target>/, which `cargo test` replays
# (crates/telnyx-core/tests/fuzz_regressions.rs).
#
#   make fuzz                                  every target, FUZZ_SECONDS (60) each
#   make fuzz FUZZ_TARGETS=csv_report FUZZ_SECONDS=600
#
# The corpus grows in $(FUZZ_DIR)/corpus/<target> (seeded from fuzz/seeds and
# fuzz/regressions);
# findings are written to $(ARTIFACTS)/fuzz/<target>/, logs next to them, and
# the table of executions and findings to $(ARTIFACTS)/fuzz/summary.txt.

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= decode_response error_body csv_report query_path
FUZZ_TOOLCHAIN ?= nightly
FUZZ_DIR ?= $(TARGET_DIR)/fuzz
FUZZ_REPORT := $(ARTIFACTS)/fuzz/summary.txt

.PHONY: fuzz fuzz-tools

fuzz-tools:
	@rustup run $(FUZZ_TOOLCHAIN) rustc --version >/dev/null 2>&1 \
		|| rustup toolchain install $(FUZZ_TOOLCHAIN) --profile minimal
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

fuzz: fuzz-tools
	@mkdir -p $(ARTIFACTS)/fuzz
	@printf '%-16s %12s %10s %8s  %s\n' target executions exec/s findings status > $(FUZZ_REPORT)
	@failed=0; \
	for target in $(FUZZ_TARGETS); do \
		corpus="$(FUZZ_DIR)/corpus/$$target"; findings="$(ARTIFACTS)/fuzz/$$target"; log="$(ARTIFACTS)/fuzz/$$target.log"; \
		rm -rf "$$findings"; mkdir -p "$$corpus" "$$findings"; \
		echo "==> fuzz $$target for $(FUZZ_SECONDS) s (log: $$log)"; \
		if (cd fuzz && cargo +$(FUZZ_TOOLCHAIN) fuzz run --target-dir "$(FUZZ_DIR)/build" "$$target" "$$corpus" "seeds/$$target" \
				$$([ -d "regressions/$$target" ] && echo "regressions/$$target") -- \
				-max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 -artifact_prefix="$$findings/") >"$$log" 2>&1; \
		then status=ok; else status=FAILED; failed=1; fi; \
		runs=$$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$$log" | grep -oE '[0-9]+$$' | tail -1 || true); \
		speed=$$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$$log" | grep -oE '[0-9]+$$' | tail -1 || true); \
		count=$$(find "$$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l); \
		if [ "$$count" -gt 0 ]; then status=FAILED; failed=1; fi; \
		printf '%-16s %12s %10s %8s  %s\n' "$$target" "$${runs:-?}" "$${speed:-?}" "$$count" "$$status" >> $(FUZZ_REPORT); \
		if [ "$$status" != ok ]; then tail -n 40 "$$log"; find "$$findings" -type f -exec echo "finding: {}" \;; fi; \
	done; \
	echo; cat $(FUZZ_REPORT); \
	exit $$failed
