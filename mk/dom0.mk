# dom0: Debian's stock kernel (pinned by ABI, .debs cached under
# $(BUILD)/dom0/debs and unpacked, never installed) and a busybox-static
# initramfs, both placed on the ESP and named by hv.cfg's kernel= and
# ramdisk= lines.

DOM0_KABI    ?= 6.1.0-50
DOM0         := $(BUILD)/dom0
DOM0_STAMP   := $(DOM0)/.unpacked-$(DOM0_KABI)
DOM0_VMLINUZ := $(DOM0)/vmlinuz
DOM0_KDIR    := $(DOM0)/kdir
DOM0_ROOTFS  := $(DOM0)/rootfs
DOM0_INITRD  := $(DOM0)/initrd.img
# What goes into the initramfs besides busybox: DOM0_FILES += src:dest pairs.
DOM0_FILES   += tests/dom0/init:init

include mk/dom0-tests.mk

include mk/dom0-tools.mk
include mk/dom0-hvpatch.mk
include mk/bench-lpcycle.mk

$(DOM0_STAMP): tools/fetch-dom0-kernel | $(DEPS_STAMP)
	$(Q)sh tools/fetch-dom0-kernel $(DOM0) $(DOM0_KABI)
	$(Q)touch $@

$(DOM0_VMLINUZ): $(DOM0_STAMP)

# Rebuilt whenever any input changes; the cpio is small (busybox + tools).
$(DOM0_INITRD): $(DOM0_STAMP) $(foreach f,$(DOM0_FILES),$(firstword $(subst :, ,$(f)))) mk/dom0.mk
	$(Q)echo "  INITRD  $@"
	$(Q)rm -rf $(DOM0_ROOTFS) && mkdir -p $(DOM0_ROOTFS)/bin
	$(Q)cp /bin/busybox $(DOM0_ROOTFS)/bin/busybox
	$(Q)for f in $(DOM0_FILES); do \
		src=$${f%%:*}; dst=$(DOM0_ROOTFS)/$${f#*:}; \
		mkdir -p $$(dirname $$dst) && cp $$src $$dst || exit 1; \
	done
	$(Q)chmod +x $(DOM0_ROOTFS)/init
	$(Q)(cd $(DOM0_ROOTFS) && find . | sort | cpio -o -H newc --quiet) | gzip -9 > $@.tmp
	$(Q)mv $@.tmp $@

$(ESP)/vmlinuz: $(DOM0_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)cp -L $(DOM0_VMLINUZ) $@

$(ESP)/initrd.img: $(DOM0_INITRD)
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@

.PHONY: dom0
dom0: $(ESP)/vmlinuz $(ESP)/initrd.img
ALL_TARGETS += dom0
