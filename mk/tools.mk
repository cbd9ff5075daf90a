# Host tools. hvpatch links the hosted live-patch core ($(LPCORE_LIB)) so
# `hvpatch check` judges payloads with the hypervisor's own loader.

HVPATCH := $(BUILD)/tools/hvpatch
HVPATCH_SRCS := $(wildcard tools/hvpatch/*.c) tools/lib/elfimage.c tools/lib/image_host.c
HVPATCH_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(HVPATCH_SRCS))

# elfimage.o is shared with the hosted tests, which build it -fno-pie: link
# the same way rather than compile it twice.
$(HVPATCH_OBJS): HOST_CPPFLAGS += -Itools
$(HVPATCH_OBJS): HOST_CFLAGS += -fno-pie

$(HVPATCH): $(HVPATCH_OBJS) $(LPCORE_LIB)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(CC) -no-pie -o $@ $^ -lelf

ALL_TARGETS += $(HVPATCH)
-include $(HVPATCH_OBJS:.o=.d)

# The hypervisor's embedded symbol table generator (used by mk/hv.mk).
MKSYMTAB := $(BUILD)/tools/mksymtab
MKSYMTAB_SRCS := tools/mksymtab/mksymtab.c tools/lib/elfimage.c tools/lib/image_host.c
MKSYMTAB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(MKSYMTAB_SRCS))
$(MKSYMTAB_OBJS): HOST_CPPFLAGS += -Itools
$(MKSYMTAB_OBJS): HOST_CFLAGS += -fno-pie

$(MKSYMTAB): $(MKSYMTAB_OBJS) $(LPCORE_LIB)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -no-pie -o $@ $^ -lelf
-include $(MKSYMTAB_OBJS:.o=.d)

.PHONY: test-hvpatch
# The payloads and image come from mk/tests.mk, included after this file:
# expand them once everything is read.
.SECONDEXPANSION:
test-hvpatch: $(HVPATCH) $$(ALL_PAYLOADS) $$(TEST_IMAGE)
	$(Q)sh tests/tools/test_hvpatch_check.sh $(HVPATCH) $(TEST_IMAGE) $(P)
TEST_TARGETS += test-hvpatch

# What the live-patch rendezvous runs must be unpatchable (docs/design.md
# section 9, `.text.nopatch`): the static call graph of hv-syms from the
# rendezvous entry is walked and every function reached must lie in
# .text.nopatch. $(HV_SYMS) comes from mk/hv.mk, included after this file.
NOPATCHCHECK := $(BUILD)/tools/nopatchcheck
NOPATCHCHECK_SRCS := tools/nopatchcheck/nopatchcheck.c tools/lib/elfimage.c tools/lib/image_host.c
NOPATCHCHECK_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(NOPATCHCHECK_SRCS))
$(NOPATCHCHECK_OBJS): HOST_CPPFLAGS += -Itools
$(NOPATCHCHECK_OBJS): HOST_CFLAGS += -fno-pie

$(NOPATCHCHECK): $(NOPATCHCHECK_OBJS) $(LPCORE_LIB)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(CC) -no-pie -o $@ $^ -lelf
ALL_TARGETS += $(NOPATCHCHECK)
-include $(NOPATCHCHECK_OBJS:.o=.d)

.PHONY: test-nopatch
test-nopatch: $(NOPATCHCHECK) $$(HV_SYMS)
	$(Q)sh tests/hv/test-nopatch.sh $(NOPATCHCHECK) $(HV_SYMS)
TEST_TARGETS += test-nopatch
