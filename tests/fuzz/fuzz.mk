# make fuzz-report: line and branch coverage of every parser file, reached by
# running the committed campaign corpus (tests/fuzz/corpus/) through
# coverage-instrumented builds of the fuzz targets (no sanitizers, no
# fuzzing: each input runs once), plus the campaign ledger's totals per
# target (tests/fuzz/campaign.tsv).  tests/fuzz/report.sh writes the table.
FUZZCOV := $(BUILD)/fuzz-cov
FUZZCOV_CFLAGS := $(CSTD) -O1 -g -I. -I$(GEN) -D_GNU_SOURCE -MMD -MP \
                  -fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping
FUZZCOV_BINS := $(patsubst tests/fuzz/%.c,$(FUZZCOV)/%,$(FUZZ_SRCS))
fuzzcov_obj = $(patsubst %.c,$(FUZZCOV)/%.o,$(1))

$(FUZZCOV)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZCOV_CFLAGS) -c $< -o $@
$(FUZZCOV)/fuzz_%: $(FUZZCOV)/tests/fuzz/fuzz_%.o $(call fuzzcov_obj,$(PORTABLE_SRCS) $(TOOL_COMMON))
	$(FUZZCC) -fsanitize=fuzzer -fprofile-instr-generate -o $@ $^ $(HOST_LDLIBS) -lext2fs -lcom_err

.PHONY: fuzz-report fuzz-campaign
fuzz-report: $(FUZZCOV_BINS)
	@bash tests/fuzz/report.sh $(FUZZCOV) $(FUZZCOV_BINS)

# A campaign round: CAMPAIGN_SECONDS per target, added to the
# committed corpus and ledger (tests/fuzz/campaign.sh).
CAMPAIGN_SECONDS ?= 600
fuzz-campaign: fuzz
	@PVBOOT_BUILD=$(abspath $(BUILD)) bash tests/fuzz/campaign.sh -s $(CAMPAIGN_SECONDS) $(FUZZ_BINS)

-include $(shell test -d $(FUZZCOV) && find $(FUZZCOV) -name '*.d')
