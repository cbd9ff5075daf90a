# Benchmarks: `make bench` prints tables; nothing here is a test and
# nothing is part of `make test`. Generated sources stay under build/.
#
# The bench image is the test image plus generated patch targets, so one
# booted image serves every table; the bench payloads carry its build-id.

BENCH := $(BUILD)/bench
BENCH_GEN := tests/bench/gen.sh
BENCH_TARGETS ?= 100
BENCH_RELOC_FUNCS ?= 2000
BENCH_PATCH_SIZES := 1 10 100

BENCH_IMAGE := $(BENCH)/image/benchimg.elf
BENCH_IMAGE_NOTE := $(BENCH)/image/benchimg.note
BENCH_PAYLOADS := $(BENCH)/payloads/bench_relocs.livepatch \
	$(patsubst %,$(BENCH)/payloads/bench_patch%.livepatch,$(BENCH_PATCH_SIZES))

$(BENCH)/gen/bench_targets.c: $(BENCH_GEN) mk/bench.mk
	$(Q)mkdir -p $(@D)
	$(Q)sh $(BENCH_GEN) targets $(BENCH_TARGETS) > $@.tmp && mv $@.tmp $@
$(BENCH)/gen/bench_relocs.c: $(BENCH_GEN) mk/bench.mk
	$(Q)mkdir -p $(@D)
	$(Q)sh $(BENCH_GEN) relocs $(BENCH_RELOC_FUNCS) > $@.tmp && mv $@.tmp $@
$(BENCH)/gen/bench_patch%.c: $(BENCH_GEN) mk/bench.mk
	$(Q)mkdir -p $(@D)
	$(Q)sh $(BENCH_GEN) patch $* > $@.tmp && mv $@.tmp $@

$(BENCH)/image/bench_targets.o: $(BENCH)/gen/bench_targets.c tests/image/image.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(IMAGE_CFLAGS) -c $< -o $@

$(BENCH_IMAGE): $(IMAGE_OBJS) $(BENCH)/image/bench_targets.o tests/image/image.lds
	$(Q)echo "  LD      $@"
	$(Q)ld -static -nostdlib --build-id=sha1 -z max-page-size=4096 -z noexecstack \
		-T tests/image/image.lds -o $@ $(IMAGE_OBJS) $(BENCH)/image/bench_targets.o

$(BENCH_IMAGE_NOTE): $(BENCH_IMAGE)
	$(Q)objcopy -O binary --only-section=.note.gnu.build-id $< $@

# One .text for 2000 functions: per-function sections would exceed the
# loader's section limit, and relocation throughput is what is measured.
$(BENCH)/payloads/bench_relocs.o: PAYLOAD_CFLAGS := $(filter-out -ffunction-sections -fdata-sections,$(PAYLOAD_CFLAGS))
$(BENCH)/payloads/%.o: $(BENCH)/gen/%.c tests/payloads/payload.h include/public/livepatch.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(BENCH)/payloads/%.lp.o: $(BENCH)/payloads/%.o
	$(Q)ld -r --build-id=sha1 -o $@ $<

$(BENCH)/payloads/%.livepatch: $(BENCH)/payloads/%.lp.o $(BENCH_IMAGE_NOTE)
	$(Q)echo "  PAYLOAD $@"
	$(Q)objcopy $(call ADD_NOTE,.livepatch.xen_depends,$(BENCH_IMAGE_NOTE)) $< $@

BENCH_NAMES := bench_relocs $(patsubst %,bench_patch%,$(BENCH_PATCH_SIZES))

BENCH_BIN := $(BENCH)/bench
$(BENCH)/bench.o: tests/bench/bench.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O2 -g -fno-pie $(WARNINGS) -Wno-missing-prototypes -DLP_HOSTED \
		-include $(AUTOCONF) $(TEST_CPPFLAGS) -MMD -MP -c $< -o $@
$(BENCH_BIN): $(BENCH)/bench.o $(HOSTED_OBJS) $(LPCORE_LIB)
	$(Q)$(CC) $(TEST_LDFLAGS) -o $@ $^ -lelf -lpthread

-include $(BENCH)/bench.d

.PHONY: bench
bench: $(BENCH_BIN) $(BENCH_IMAGE) $(BENCH_PAYLOADS)
	$(Q)$(BENCH_BIN) $(BENCH_IMAGE) $(BENCH)/payloads
