# dom0's side of the hypercall ABI, all placed in the initramfs:
#   hvctl.ko   the kernel module behind /dev/hvctl, built against the dom0
#              kernel's own Debian headers ($(DOM0_KDIR)), so exactly its ABI
#   hvinfo     `xl info` / `xl dmesg` for hv, static, over libhvctl.a
#   hvtest     test programs and scripts the QEMU tests run (hvtest=NAME)
# Included from mk/dom0.mk before the initramfs rule reads DOM0_FILES.

DOM0_TOOLS := $(DOM0)/tools
HVCTL_KO   := $(DOM0_TOOLS)/hvctl/hvctl.ko
HVCTL_SRCS := tools/dom0/hvctl/hvctl.c tools/dom0/hvctl/Kbuild

# Kbuild writes its objects beside the sources: build a copy in $(BUILD).
# The kernel's make gets none of ours (MAKEFLAGS would pass CC=, BUILD=...).
$(HVCTL_KO): $(HVCTL_SRCS) include/public/hvctl.h include/public/hypercall.h $(DOM0_STAMP)
	$(Q)echo "  KMOD    $@"
	$(Q)rm -rf $(@D) && mkdir -p $(@D) && cp $(HVCTL_SRCS) $(@D)/
	$(Q)env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C $(DOM0_KDIR) M=$(abspath $(@D)) \
		HV_INCLUDE=$(abspath include) modules > $(@D)/build.log 2>&1 || \
		{ cat $(@D)/build.log; exit 1; }
	$(Q)if grep -i 'warning:' $(@D)/build.log | grep -v 'Skipping BTF'; then \
		echo "$@: warnings (log: $(@D)/build.log)"; exit 1; fi

# User space: C11, static, against glibc (strerrorname_np needs _GNU_SOURCE).
DOM0_CC_FLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Werror \
	-Iinclude -Itools/dom0/libhvctl -MMD -MP
DOM0_OBJ := $(DOM0_TOOLS)/obj

$(DOM0_OBJ)/%.o: %.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(CC) $(DOM0_CC_FLAGS) -c $< -o $@

LIBHVCTL := $(DOM0_TOOLS)/libhvctl.a
$(LIBHVCTL): $(DOM0_OBJ)/tools/dom0/libhvctl/libhvctl.o $(DOM0_OBJ)/tools/dom0/libhvctl/livepatch.o
	$(Q)rm -f $@ && $(AR) rcs $@ $^

DOM0_PROGS := hvinfo hvcall-user hvctl-check hvbench
DOM0_PROG_SRC_hvinfo      := tools/dom0/hvinfo/hvinfo.c
DOM0_PROG_SRC_hvcall-user := tests/dom0/hvtest/hvcall-user.c
DOM0_PROG_SRC_hvctl-check := tests/dom0/hvtest/hvctl-check.c
DOM0_PROG_SRC_hvbench     := tests/dom0/hvtest/hvbench.c

define dom0_prog
$(DOM0_TOOLS)/$(1): $(DOM0_OBJ)/$(basename $(DOM0_PROG_SRC_$(1))).o $(LIBHVCTL)
	$$(Q)echo "  LD      $$@"
	$$(Q)$$(CC) -static -s -o $$@ $$^
endef
$(foreach p,$(DOM0_PROGS),$(eval $(call dom0_prog,$(p))))

-include $(wildcard $(DOM0_OBJ)/*/*/*/*.d)

DOM0_FILES += $(HVCTL_KO):lib/modules/hvctl.ko
DOM0_FILES += $(DOM0_TOOLS)/hvinfo:usr/bin/hvinfo
DOM0_FILES += $(DOM0_TOOLS)/hvcall-user:usr/lib/hvtest/hvcall-user
DOM0_FILES += $(DOM0_TOOLS)/hvctl-check:usr/lib/hvtest/hvctl-check
DOM0_FILES += tests/dom0/hvtest/hvinfo.sh:usr/lib/hvtest/hvinfo.sh
DOM0_FILES += tests/dom0/hvtest/nohv.sh:usr/lib/hvtest/nohv.sh
DOM0_FILES += $(DOM0_TOOLS)/hvbench:usr/lib/hvtest/hvbench
DOM0_FILES += tests/dom0/hvtest/hvbench.sh:usr/lib/hvtest/hvbench.sh

.PHONY: dom0-tools
dom0-tools: $(HVCTL_KO) $(addprefix $(DOM0_TOOLS)/,$(DOM0_PROGS))

# The kernel + initramfs booted directly by QEMU, no hypervisor: the module
# loads against the real dom0 kernel and refuses cleanly (about 10 s).
.PHONY: test-dom0-nohv
test-dom0-nohv: $(DOM0_VMLINUZ) $(DOM0_INITRD)
	$(Q)sh tests/dom0/test-nohv.sh $(BUILD)
TEST_TARGETS += test-dom0-nohv
ALL_TARGETS += dom0-tools

# dom0 under the hypervisor runs hvinfo, hvinfo dmesg, hvcall-user and
# hvctl-check (QEMU, 4 CPUs, about 20 s); one QEMU at a time under `make test`.
.PHONY: test-dom0-hvinfo
test-dom0-hvinfo: hv dom0
	$(Q)sh tests/dom0/test-hvinfo.sh $(BUILD)
TEST_TARGETS += test-dom0-hvinfo
ifneq ($(filter test,$(MAKECMDGOALS)),)
test-dom0-nohv: | test-dom0
test-dom0-hvinfo: | test-dom0-nohv
endif

# `make bench`: a hypercall round trip from dom0 vs getpid() (one QEMU boot).
.PHONY: bench-hypercall
bench-hypercall: hv dom0
	$(Q)sh tests/dom0/bench-hypercall.sh $(BUILD)
bench: bench-hypercall
