# dom0 under the hypervisor in QEMU (tests/hv/test-dom0.sh): the test
# scripts and the hvprobe module go into the initramfs. Included from
# mk/dom0.mk before the initramfs rule reads DOM0_FILES.

HVPROBE_KO   := $(DOM0)/tests/hvprobe/hvprobe.ko
HVPROBE_SRCS := tests/dom0/hvprobe/hvprobe.c tests/dom0/hvprobe/Kbuild

# As for hvctl.ko: Kbuild builds beside its sources, so in a copy, and
# gets none of our make variables.
$(HVPROBE_KO): $(HVPROBE_SRCS) $(DOM0_STAMP)
	$(Q)echo "  KMOD    $@"
	$(Q)rm -rf $(@D) && mkdir -p $(@D) && cp $(HVPROBE_SRCS) $(@D)/
	$(Q)env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C $(DOM0_KDIR) M=$(abspath $(@D)) \
		modules > $(@D)/build.log 2>&1 || { cat $(@D)/build.log; exit 1; }

# Not in /lib/modules: init loads those at boot, the tests load this one.
DOM0_FILES += $(HVPROBE_KO):usr/lib/hvtest/hvprobe.ko
DOM0_FILES += tests/dom0/hvtest/guard.sh:usr/lib/hvtest/guard.sh
DOM0_FILES += tests/dom0/hvtest/shutdown.sh:usr/lib/hvtest/shutdown.sh

.PHONY: test-dom0
test-dom0: hv dom0
	$(Q)BUILD=$(BUILD) sh tests/hv/test-dom0.sh
TEST_TARGETS += test-dom0
# After the hypervisor's own QEMU tests: one QEMU at a time.
ifneq ($(filter test,$(MAKECMDGOALS)),)
test-dom0: | test-hv
endif

DOM0_FILES += tests/dom0/hvtest/bench.sh:usr/lib/hvtest/bench.sh

# `make bench`: dom0 boot under the hypervisor vs the same kernel booted by QEMU.
.PHONY: bench-dom0
bench-dom0: hv dom0
	$(Q)BUILD=$(BUILD) DOM0_KABI=$(DOM0_KABI) sh tests/hv/bench-dom0.sh $(or $(BENCH_BOOTS),3)
bench: bench-dom0
