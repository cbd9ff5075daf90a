# hvpatch for dom0 (tools/dom0/hvpatch): the xen-livepatch verbs over
# libhvctl, and `info` over libelf; static, in the initramfs beside the
# regression payloads (/usr/lib/hvpatch/) and the live-patch scenario
# script tests/dom0/hvtest/livepatch.sh. Included from mk/dom0.mk after
# mk/dom0-tools.mk (DOM0_OBJ, LIBHVCTL) and before the initramfs rule.

DOM0_HVPATCH      := $(DOM0_TOOLS)/hvpatch
DOM0_HVPATCH_SRCS := $(wildcard tools/dom0/hvpatch/*.c)
DOM0_HVPATCH_OBJS := $(patsubst %.c,$(DOM0_OBJ)/%.o,$(DOM0_HVPATCH_SRCS))

$(DOM0_HVPATCH): $(DOM0_HVPATCH_OBJS) $(LIBHVCTL)
	$(Q)echo "  LD      $@"
	$(Q)$(CC) -static -s -o $@ $^ -lelf -lz

DOM0_FILES += $(DOM0_HVPATCH):usr/bin/hvpatch
DOM0_FILES += $(foreach n,$(HVP_NAMES),$(HVP_OUT)/$(n).livepatch:usr/lib/hvpatch/$(n).livepatch)
DOM0_FILES += tests/dom0/hvtest/livepatch.sh:usr/lib/hvtest/livepatch.sh
DOM0_FILES += tests/dom0/hvtest/livepatch-boot.sh:usr/lib/hvtest/livepatch-boot.sh

dom0-tools: $(DOM0_HVPATCH)

# dom0's hvpatch run on the host: `info` against binutils, exit codes.
.PHONY: test-hvpatch-dom0
test-hvpatch-dom0: $(DOM0_HVPATCH) $(HV_PAYLOADS)
	$(Q)sh tests/tools/test_hvpatch_dom0.sh $(DOM0_HVPATCH) $(HVP_OUT)
TEST_TARGETS += test-hvpatch-dom0
