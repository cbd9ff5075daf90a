# Regression payloads, built against build/hv-syms like Xen's
# xen/test/livepatch: compile freestanding with the hypervisor's flags,
# ld -r --build-id=sha1, then attach the hypervisor's build-id note as
# .livepatch.xen_depends (and a payload's as .livepatch.depends).

HVP_SRC   := tests/hv/payloads
HVP_OUT   := $(BUILD)/tests/hv/payloads
HVP_NAMES := xen_hello_world xen_bye_world xen_replace_world xen_nop xen_hooks_only \
	xen_bad_hv_buildid xen_no_buildid xen_too_small xen_nopatch xen_preapply_fail
HV_PAYLOADS     := $(patsubst %,$(HVP_OUT)/%.livepatch,$(HVP_NAMES))
HV_PAYLOADS_ESP := $(patsubst %,$(ESP)/%.livepatch,$(HVP_NAMES))

# Old function sizes from the image the payloads are built against.
$(HVP_OUT)/config.h: $(HV_SYMS) $(HVP_SRC)/mkconfig.sh
	$(Q)mkdir -p $(@D)
	$(Q)sh $(HVP_SRC)/mkconfig.sh $< > $@.tmp && mv $@.tmp $@

$(HVP_OUT)/hv-note.bin: $(HV_SYMS)
	$(Q)mkdir -p $(@D)
	$(Q)objcopy -O binary --only-section=.note.gnu.build-id $< $@

# A well-formed GNU build-id note that matches no hypervisor.
$(HVP_OUT)/forged-note.bin:
	$(Q)mkdir -p $(@D)
	$(Q)printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000' > $@
	$(Q)printf '\336\255\276\357\336\255\276\357\336\255\276\357\336\255\276\357\336\255\276\357' >> $@

HVP_CFLAGS = $(filter-out -MMD -MP,$(HV_CFLAGS)) -Wno-missing-prototypes -I$(HVP_OUT) -I$(HVP_SRC)

# Pass 1 only measures the payload's own functions (see payload.h).
$(HVP_OUT)/%.pass1.o: $(HVP_SRC)/%.c $(HVP_SRC)/payload.h $(HVP_OUT)/config.h $(AUTOCONF)
	$(Q)$(CC) $(HVP_CFLAGS) -DHVP_PASS1 -c $< -o $@

$(HVP_OUT)/%.sizes.h: $(HVP_OUT)/%.pass1.o
	$(Q)LC_ALL=C nm --print-size --defined-only $< | \
		awk '$$3 ~ /^[Tt]$$/ { print "#define NEW_SIZE_" $$4 " 0x" $$2 }' > $@.tmp && mv $@.tmp $@

$(HVP_OUT)/%.o: $(HVP_SRC)/%.c $(HVP_OUT)/%.sizes.h
	$(Q)echo "  HVPCC   $@"
	$(Q)$(CC) $(HVP_CFLAGS) -include $(HVP_OUT)/$*.sizes.h -c $< -o $@

# `private`: a per-payload setting must not leak into the prerequisites
# it builds (bye world builds hello world under make -j).
HVP_BUILD_ID = --build-id=sha1
$(HVP_OUT)/xen_no_buildid.r.o: private HVP_BUILD_ID =
$(HVP_OUT)/%.r.o: $(HVP_OUT)/%.o
	$(Q)ld -r $(HVP_BUILD_ID) $< -o $@

HVP_HV_NOTE = $(HVP_OUT)/hv-note.bin
$(HVP_OUT)/xen_bad_hv_buildid.livepatch: private HVP_HV_NOTE = $(HVP_OUT)/forged-note.bin
HVP_DEPENDS =
$(HVP_OUT)/xen_bye_world.livepatch: private HVP_DEPENDS = \
	--add-section .livepatch.depends=$(HVP_OUT)/xen_hello_world.note.bin \
	--set-section-flags .livepatch.depends=alloc,readonly
$(HVP_OUT)/xen_bye_world.livepatch: $(HVP_OUT)/xen_hello_world.note.bin

$(HVP_OUT)/%.note.bin: $(HVP_OUT)/%.livepatch
	$(Q)objcopy -O binary --only-section=.note.gnu.build-id $< $@

$(HVP_OUT)/%.livepatch: $(HVP_OUT)/%.r.o $(HVP_OUT)/hv-note.bin $(HVP_OUT)/forged-note.bin
	$(Q)echo "  HVPLD   $@"
	$(Q)objcopy --add-section .livepatch.xen_depends=$(HVP_HV_NOTE) \
		--set-section-flags .livepatch.xen_depends=alloc,readonly $(HVP_DEPENDS) $< $@

$(ESP)/%.livepatch: $(HVP_OUT)/%.livepatch
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@

