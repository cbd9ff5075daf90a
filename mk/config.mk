# Kconfig through Debian's kconfig-frontends-nox. A checkout with no .config
# builds with the defaults; autoconf.h carries the values into C.

KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG
AUTOCONF := $(BUILD)/include/generated/autoconf.h

.PHONY: defconfig olddefconfig menuconfig

defconfig: $(DEPS_STAMP)
	kconfig-conf --alldefconfig Kconfig

olddefconfig: $(DEPS_STAMP)
	kconfig-conf --olddefconfig Kconfig

menuconfig: $(DEPS_STAMP)
	kconfig-mconf Kconfig

$(KCONFIG_CONFIG): | $(DEPS_STAMP)
	$(Q)kconfig-conf --alldefconfig Kconfig >/dev/null

$(AUTOCONF): $(KCONFIG_CONFIG) Kconfig mk/autoconf.sh
	$(Q)mkdir -p $(@D)
	$(Q)kconfig-conf --olddefconfig Kconfig >/dev/null
	$(Q)sh mk/autoconf.sh < $(KCONFIG_CONFIG) > $@.tmp && mv $@.tmp $@
