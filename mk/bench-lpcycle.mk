# `make bench` part: live-patch latency and apply/revert endurance from dom0
# under the hypervisor (tests/hv/bench-lpcycle.sh, one QEMU boot, TCG -smp 4).
# BENCH_CYCLES sets the number of xen_hello_world cycles (default 200).
# Included from mk/dom0.mk after mk/dom0-tools.mk (DOM0_OBJ, DOM0_TOOLS)
# and before the initramfs rule reads DOM0_FILES.

DOM0_LPTIME := $(DOM0_TOOLS)/lptime
$(DOM0_LPTIME): $(DOM0_OBJ)/tests/dom0/hvtest/lptime.o
	$(Q)echo "  LD      $@"
	$(Q)$(CC) -static -s -o $@ $^

DOM0_FILES += $(DOM0_LPTIME):usr/lib/hvtest/lptime
DOM0_FILES += tests/dom0/hvtest/lpcycle.sh:usr/lib/hvtest/lpcycle.sh
dom0-tools: $(DOM0_LPTIME)

.PHONY: bench-lpcycle
bench-lpcycle: hv dom0
	$(Q)sh tests/hv/bench-lpcycle.sh $(BUILD) $(or $(BENCH_CYCLES),200)
bench: bench-lpcycle
