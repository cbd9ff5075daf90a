# Hosted tests: a test image standing in for the hypervisor, payloads built
# against it, and cmocka suites linked with the hosted core.

T := $(BUILD)/tests

# ---- the test image ----
IMAGE_SRCS := $(wildcard tests/image/*.c) tests/image/x/dup.c tests/image/y/dup.c
IMAGE_CFLAGS := -std=gnu11 -O2 -g -fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-ffreestanding -fno-common -fno-stack-protector -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -Wall -Werror -Itests/image -Iinclude
IMAGE_OBJS := $(patsubst tests/image/%.c,$(T)/image/obj/%.o,$(IMAGE_SRCS))
TEST_IMAGE := $(T)/image/hvimg.elf
TEST_IMAGE_NOTE := $(T)/image/hvimg.note

$(T)/image/obj/%.o: tests/image/%.c tests/image/image.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(IMAGE_CFLAGS) -c $< -o $@

$(TEST_IMAGE): $(IMAGE_OBJS) tests/image/image.lds
	$(Q)echo "  LD      $@"
	$(Q)ld -static -nostdlib --build-id=sha1 -z max-page-size=4096 -z noexecstack \
		-T tests/image/image.lds -o $@ $(IMAGE_OBJS)

$(TEST_IMAGE_NOTE): $(TEST_IMAGE)
	$(Q)objcopy -O binary --only-section=.note.gnu.build-id $< $@

# ---- payloads (tests/payloads/*.c) ----
PAYLOAD_CFLAGS := -std=gnu11 -O2 -fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-ffreestanding -fno-common -fno-stack-protector -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -Wall -Werror -Itests/image -Itests/payloads -Iinclude
P := $(T)/payloads
PAYLOAD_NAMES := $(basename $(notdir $(wildcard tests/payloads/p_*.c)))

# Stacked payloads name the payload whose build-id they depend on.
PAYLOAD_DEPENDS_p_const3 := p_const2
PAYLOAD_DEPENDS_p_clash := p_const2

# Variants built from the same source with different notes.
PAYLOAD_VARIANTS := p_no_buildid p_no_hvdep p_wrong_hv p_hash_bad

$(P)/%.o: tests/payloads/%.c tests/payloads/payload.h include/public/livepatch.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(P)/%.lp.o: $(P)/%.o
	$(Q)ld -r --build-id=sha1 -o $@ $<

$(P)/%.note: $(P)/%.livepatch
	$(Q)objcopy -O binary --only-section=.note.gnu.build-id $< $@

ADD_NOTE = --add-section $(1)=$(2) --set-section-flags $(1)=alloc,readonly
HV_DEP = $(call ADD_NOTE,.livepatch.xen_depends,$(TEST_IMAGE_NOTE))

.SECONDEXPANSION:
$(P)/%.livepatch: $(P)/%.lp.o $(TEST_IMAGE_NOTE) $$(if $$(PAYLOAD_DEPENDS_$$*),$(P)/$$(PAYLOAD_DEPENDS_$$*).note)
	$(Q)echo "  PAYLOAD $@"
	$(Q)objcopy $(HV_DEP) $(if $(PAYLOAD_DEPENDS_$*),$(call ADD_NOTE,.livepatch.depends,$(P)/$(PAYLOAD_DEPENDS_$*).note)) $< $@

# No build-id of its own.
$(P)/p_no_buildid.livepatch: $(P)/p_add.o $(TEST_IMAGE_NOTE)
	$(Q)objcopy $(HV_DEP) $< $@
# No hypervisor build-id.
$(P)/p_no_hvdep.livepatch: $(P)/p_add.lp.o
	$(Q)cp $< $@
# Built for another hypervisor: a note with a different build-id.
$(P)/p_wrong_hv.livepatch: $(P)/p_add.lp.o $(P)/p_const2.note
	$(Q)objcopy $(call ADD_NOTE,.livepatch.xen_depends,$(P)/p_const2.note) $< $@

ALL_PAYLOADS := $(patsubst %,$(P)/%.livepatch,$(PAYLOAD_NAMES) $(PAYLOAD_VARIANTS))

# ---- the hosted harness and cmocka suites ----
HOSTED_SRCS := tests/hosted/host.c tools/lib/elfimage.c tools/lib/image_host.c
HOSTED_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(HOSTED_SRCS))
TEST_CPPFLAGS := -Itests -Itools -Ihv -Iinclude
TEST_LDFLAGS := -no-pie
TEST_LIBS := -lcmocka -lelf -lpthread

$(HOSTED_OBJS): HOST_CPPFLAGS += $(TEST_CPPFLAGS)
$(HOSTED_OBJS): HOST_CFLAGS += -fno-pie

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(T)/unit/%,$(UNIT_SRCS))

$(T)/unit/%.o: tests/unit/%.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(CC) -std=gnu11 -O1 -g -fno-pie $(WARNINGS) -Wno-missing-prototypes -DLP_HOSTED \
		-include $(AUTOCONF) $(TEST_CPPFLAGS) -MMD -MP -c $< -o $@

$(T)/unit/%: $(T)/unit/%.o $(HOSTED_OBJS) $(LPCORE_LIB)
	$(Q)$(CC) $(TEST_LDFLAGS) -o $@ $^ $(TEST_LIBS)

-include $(UNIT_BINS:=.d)

.PHONY: test-unit
test-unit: $(UNIT_BINS) $(ALL_PAYLOADS) $(TEST_IMAGE)
	$(Q)HV_PAYLOAD_DIR=$(P) HV_TEST_IMAGE=$(TEST_IMAGE) sh tests/run-unit.sh $(T) $(UNIT_BINS)

ALL_TARGETS += $(TEST_IMAGE) $(ALL_PAYLOADS) $(UNIT_BINS)
TEST_TARGETS += test-unit

# ---- payloads carrying .livepatch.old_hash ----
OLDHASH := $(T)/lp-oldhash
$(T)/tools/oldhash.o: tests/tools/oldhash.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -O2 -g -fno-pie $(WARNINGS) -DLP_HOSTED -include $(AUTOCONF) \
		$(TEST_CPPFLAGS) -c $< -o $@
$(OLDHASH): $(T)/tools/oldhash.o $(HOSTED_OBJS) $(LPCORE_LIB)
	$(Q)$(CC) $(TEST_LDFLAGS) -o $@ $^ -lelf -lpthread

$(P)/p_hash.oldhash: $(OLDHASH) $(TEST_IMAGE)
	$(Q)$(OLDHASH) $(TEST_IMAGE) $@ lp_asm_target
$(P)/p_hash_bad.oldhash: $(OLDHASH) $(TEST_IMAGE)
	$(Q)$(OLDHASH) $(TEST_IMAGE) $@ --corrupt lp_asm_target
$(P)/p_hash.livepatch $(P)/p_hash_bad.livepatch: $(P)/%.livepatch: $(P)/p_hash.lp.o $(P)/%.oldhash $(TEST_IMAGE_NOTE)
	$(Q)echo "  PAYLOAD $@"
	$(Q)objcopy $(HV_DEP) $(call ADD_NOTE,.livepatch.old_hash,$(P)/$*.oldhash) $< $@

# ---- the hypercall layer, compiled hosted ----
# test_hypercall links the hypervisor's dispatcher, guest_mem and log ring
# as they are; the suite stubs what surrounds them.
HC_HOSTED_SRCS := hv/hypercall.c hv/guest_mem.c hv/logring.c hv/livepatch_sysctl.c
HC_HOSTED_OBJS := $(patsubst hv/%.c,$(T)/unit/hv/%.o,$(HC_HOSTED_SRCS))

$(T)/unit/hv/%.o: hv/%.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -O1 -g -fno-pie $(WARNINGS) -idirafter hv/include -Iinclude \
		-include $(AUTOCONF) -MMD -MP -c $< -o $@

$(T)/unit/test_hypercall.o: TEST_CPPFLAGS += -idirafter hv/include
$(T)/unit/test_hypercall: $(HC_HOSTED_OBJS)

# test_lp_sysctl: the live-patch hypercalls on the hosted core and test image.
$(T)/unit/test_lp_sysctl.o: TEST_CPPFLAGS += -idirafter hv/include
$(T)/unit/test_lp_sysctl: $(T)/unit/hv/livepatch_sysctl.o $(T)/unit/hv/guest_mem.o
-include $(HC_HOSTED_OBJS:.o=.d)
