# libFuzzer over the payload loader (tests/fuzz/). The core and the hosted
# harness are compiled a second time with clang, ASan and UBSan into their
# own tree, so a sanitizer finding points at the same sources the
# hypervisor runs. UBSan does not recover: any undefined behaviour is a
# crash, and every crash is a loader bug.

FZ := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 20
FUZZ_TIMEOUT ?= 10
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CC_FLAGS = -std=gnu11 -O1 -g -fno-omit-frame-pointer -fno-pie $(WARNINGS) \
	$(FUZZ_SAN) -fsanitize=fuzzer-no-link $(HOST_CPPFLAGS) $(TEST_CPPFLAGS) -MMD -MP

FUZZ_SRCS := $(LPCORE_SRCS) $(HOSTED_SRCS) tests/fuzz/fuzz_loader.c
FUZZ_OBJS := $(patsubst %.c,$(FZ)/obj/%.o,$(FUZZ_SRCS))
FUZZ_BIN := $(FZ)/fuzz_loader
FUZZ_CORPUS := $(FZ)/corpus
FUZZ_STAMP := $(FZ)/corpus/.seeded

$(FZ)/obj/%.o: %.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CLANG   $@"
	$(Q)$(CLANG) $(FUZZ_CC_FLAGS) -c $< -o $@

$(FUZZ_BIN): $(FUZZ_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(CLANG) -no-pie $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ -lelf -lpthread

# Crafted seeds (tests/fuzz/mkseed.c): inputs that once broke the loader.
MKSEED := $(FZ)/mkseed
$(MKSEED): tests/fuzz/mkseed.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -O2 -g $(WARNINGS) -Wno-missing-prototypes -o $@ $<

# An allocated SHT_NULL section whose alignment wraps LP_ALIGN_UP(0x68, a)
# to 0: the data region came out smaller than .livepatch.funcs (heap overflow).
$(FZ)/seeds/null_alloc_wrap_align.livepatch: $(P)/p_add.livepatch $(MKSEED)
	$(Q)mkdir -p $(@D)
	$(Q)$(MKSEED) $< $@ .note.GNU-stack type=0 flags=3 addralign=0xffffffffffffff99

FUZZ_SEEDS := $(FZ)/seeds/null_alloc_wrap_align.livepatch

# Seeds: every test payload, valid and invalid, and the crafted ones.
# Binaries stay in build/.
$(FUZZ_STAMP): $(ALL_PAYLOADS) $(FUZZ_SEEDS)
	$(Q)mkdir -p $(@D)
	$(Q)cp $(ALL_PAYLOADS) $(FUZZ_SEEDS) $(@D)/
	$(Q)touch $@

FUZZ_RUN = ASAN_OPTIONS=detect_leaks=1 HV_TEST_IMAGE=$(TEST_IMAGE) $(FUZZ_BIN) -max_len=65536 -timeout=$(FUZZ_TIMEOUT) \
	-dict=tests/fuzz/loader.dict \
	-artifact_prefix=$(FZ)/ -print_final_stats=1

.PHONY: fuzz test-fuzz
# Inputs that find new coverage are kept in the corpus; crashes land in $(FZ)/.
fuzz: $(FUZZ_BIN) $(FUZZ_STAMP) $(TEST_IMAGE)
	$(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) $(FUZZ_CORPUS)

# A short, bounded run as part of `make test`: the corpus (the seeds plus
# whatever `make fuzz` kept) and what FUZZ_TEST_SECONDS of mutation derive
# from it must not crash. New inputs go to a scratch directory per run, so
# the test never changes the corpus and concurrent runs share no files.
test-fuzz: $(FUZZ_BIN) $(FUZZ_STAMP) $(TEST_IMAGE)
	$(Q)echo "  FUZZ    $(FUZZ_BIN) ($(FUZZ_TEST_SECONDS)s)"
	$(Q)d=$$(mktemp -d $(FZ)/test-run.XXXXXX) && \
	if $(FUZZ_RUN) -max_total_time=$(FUZZ_TEST_SECONDS) -runs=500000 \
		$$d $(FUZZ_CORPUS) > $$d.log 2>&1; then \
		sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/fuzz: \1 inputs through lp_upload, no crash/p' $$d.log; \
		rm -rf $$d $$d.log; \
	else \
		tail -n 60 $$d.log; echo "== fuzz_loader FAILED (log: $$d.log)"; exit 1; \
	fi

TEST_TARGETS += test-fuzz
-include $(FUZZ_OBJS:.o=.d)
