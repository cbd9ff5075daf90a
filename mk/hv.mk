# The hypervisor image (build/hv-syms), the gnu-efi stub that carries it
# (build/esp/EFI/BOOT/BOOTX64.EFI), hv.cfg, the regression payloads, and
# the QEMU targets (run, test-hv).

HV_SYMS  := $(BUILD)/hv-syms
HV_LDS   := hv/hv.lds
ESP      := $(BUILD)/esp
HV_EFI   := $(ESP)/EFI/BOOT/BOOTX64.EFI
HV_CFG   := $(ESP)/hv.cfg

HV_SRCS  := $(wildcard hv/*.c) hv/lib/vsnprintf.c \
	$(filter-out hv/arch/x86_64/livepatch_%.c,$(wildcard hv/arch/x86_64/*.c))
HV_ASRCS := $(wildcard hv/arch/x86_64/*.S)
HV_COBJS := $(patsubst %.c,$(BUILD)/hv/%.o,$(HV_SRCS))
HV_OBJS  := $(HV_COBJS) $(patsubst %.S,$(BUILD)/hv/%.o,$(HV_ASRCS))
HV_AFLAGS = $(CC) -D__ASSEMBLY__ -Ihv/include -Iinclude -include $(AUTOCONF) -MMD -MP

# Backtraces walk frame pointers; the core keeps HV_CFLAGS as is.
$(HV_COBJS): HV_CFLAGS += -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer

$(BUILD)/hv/%.o: %.S $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  HVAS    $@"
	$(Q)$(HV_AFLAGS) -c $< -o $@

$(HV_SYMS): $(HV_OBJS) $(HV_CORE_OBJS) $(HV_LDS) hv/arch/x86_64/link-hv.sh $(MKSYMTAB)
	$(Q)echo "  LD      $@"
	$(Q)sh hv/arch/x86_64/link-hv.sh $@ $(HV_LDS) $(BUILD)/hv/link $(MKSYMTAB) "$(HV_AFLAGS)" -- \
		$(HV_OBJS) $(HV_CORE_OBJS)

# ---- the EFI stub ----
EFI_SRCS   := $(wildcard hv/efi/*.c)
EFI_OBJS   := $(patsubst %.c,$(BUILD)/efi/%.o,$(EFI_SRCS)) $(BUILD)/efi/hv/efi/image.o
EFI_CFLAGS := -std=gnu11 -O2 -fpic -fshort-wchar -mno-red-zone -ffreestanding \
	-fno-stack-protector -fno-strict-aliasing -maccumulate-outgoing-args \
	-DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64 -Ihv/include \
	-Wall -Wextra -Wno-unused-parameter -Wno-pointer-sign -Werror -MMD -MP
HV_STRIPPED := $(BUILD)/efi/hv.elf

$(BUILD)/efi/%.o: %.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  EFICC   $@"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(HV_STRIPPED): $(HV_SYMS)
	$(Q)mkdir -p $(@D)
	$(Q)objcopy --strip-debug $< $@

$(BUILD)/efi/hv/efi/image.o: hv/efi/image.S $(HV_STRIPPED)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  EFIAS   $@"
	$(Q)$(CC) -c -DHV_IMAGE='"$(HV_STRIPPED)"' $< -o $@

$(BUILD)/efi/stub.so: $(EFI_OBJS)
	$(Q)ld -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
		-L/usr/lib /usr/lib/crt0-efi-x86_64.o $^ -o $@ -lefi -lgnuefi

$(HV_EFI): $(BUILD)/efi/stub.so
	$(Q)mkdir -p $(@D)
	$(Q)echo "  EFI     $@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc --target efi-app-x86_64 \
		--subsystem=10 $< $@

HV_CFG_OPTIONS ?= console=com2 livepatch=xen_hello_world.livepatch
DOM0_CMDLINE   ?= console=ttyS0 nr_cpus=1
# Rewritten only when its text changes, so `make run HV_CFG_OPTIONS=...` takes effect.
$(HV_CFG): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '[global]\ndefault=hv\n\n[hv]\noptions=%s\nkernel=vmlinuz %s\nramdisk=initrd.img\n' \
		"$(HV_CFG_OPTIONS)" "$(DOM0_CMDLINE)" > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

.PHONY: FORCE
FORCE:

-include tests/hv/payloads/payloads.mk

.PHONY: hv test-hv
hv: $(HV_SYMS) $(HV_EFI) $(HV_CFG) $(HV_PAYLOADS_ESP)

ALL_TARGETS += hv
TEST_TARGETS += test-hv

-include $(HV_OBJS:.o=.d) $(EFI_OBJS:.o=.d)

# ---- QEMU ----
test-hv: hv
	$(Q)BUILD=$(BUILD) sh tests/hv/test-hv.sh

# Interactive: the firmware and dom0's console (COM1, ttyS0) and the QEMU
# monitor share the terminal (Ctrl-a c switches to the monitor, Ctrl-a x
# quits); the hypervisor's log (COM2) goes to $(RUN_HV_LOG).
RUN_HV_LOG := $(BUILD)/run-hv.log
run: hv dom0
	$(Q)cp /usr/share/OVMF/OVMF_VARS.fd $(BUILD)/run-vars.fd
	@echo "hv: hypervisor log in $(RUN_HV_LOG); dom0's console follows (Ctrl-a x quits)"
	qemu-system-x86_64 -accel tcg -cpu max,-smap -smp 4 -m 1G -machine q35 \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
		-drive if=pflash,format=raw,file=$(BUILD)/run-vars.fd \
		-drive file=fat:rw:$(ESP),format=raw -net none -display none -no-reboot \
		-chardev stdio,id=con,mux=on,signal=off \
		-serial chardev:con -serial file:$(RUN_HV_LOG) -mon chardev=con,mode=readline

# ---- hosted unit tests of hypervisor library code ----
HVU_OUT := $(BUILD)/tests/hv/unit
HVU_CFLAGS = -std=gnu11 -O2 -g $(WARNINGS) -idirafter hv/include -include $(AUTOCONF)

$(HVU_OUT)/%.o: hv/%.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(HVU_CFLAGS) -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf -c $< -o $@

$(HVU_OUT)/test_printf: tests/hv/unit/test_printf.c $(HVU_OUT)/lib/vsnprintf.o $(HVU_OUT)/cmdline.o
	$(Q)echo "  CC      $@"
	$(Q)$(CC) $(HVU_CFLAGS) -Wno-format-truncation -Wno-format-zero-length $^ -o $@

.PHONY: test-hv-unit
test-hv-unit: $(HVU_OUT)/test_printf
	$(Q)$<

ALL_TARGETS += $(HVU_OUT)/test_printf
TEST_TARGETS += test-hv-unit

# Under `make test`, boot QEMU only after the other suites: four emulated
# CPUs beside the hosted rendezvous tests would slow both down.
ifneq ($(filter test,$(MAKECMDGOALS)),)
test-hv: | $(filter-out test-hv,$(TEST_TARGETS))
endif

# The regression payloads pass the offline checker against hv-syms, and
# the negatives fail it for the reason the hypervisor gives.
.PHONY: test-hv-check
test-hv-check: $(HVPATCH) $(HV_SYMS) $(HV_PAYLOADS)
	$(Q)sh tests/hv/test-checker.sh $(HVPATCH) $(HV_SYMS) $(HVP_OUT)
TEST_TARGETS += test-hv-check

# `make bench`: boot time and blackout of xen_hello_world on 1, 2, 4 CPUs.
.PHONY: bench-hv
bench-hv: hv
	$(Q)BUILD=$(BUILD) sh tests/hv/bench-boot.sh $(HVP_OUT) $(or $(BENCH_BOOTS),3)
bench: bench-hv

