# hv: one build for the hypervisor, the hosted live-patch core, the tools
# and the tests. `make help` lists the targets.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
# Keep intermediate files (objects, notes, generated sources): they are
# inspected when a payload misbehaves, and rebuilding them is wasted time.
.SECONDARY:

BUILD   ?= build
CC      ?= gcc
CLANG   ?= clang
AR      ?= ar
Q       := $(if $(V),,@)

export LC_ALL := C

# Set-up: every entry point that needs Debian packages goes through here.
DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP): tools/install-deps
	$(Q)mkdir -p $(@D)
	$(Q)sh tools/install-deps
	$(Q)touch $@

include mk/config.mk
include mk/lpcore.mk
include mk/hv-core.mk
include mk/tools.mk
include mk/tests.mk
include mk/bench.mk
include mk/fuzz.mk
include mk/hv.mk
include mk/dom0.mk

.PHONY: all deps test bench fuzz clean help run

all: $(ALL_TARGETS)

deps: $(DEPS_STAMP)

test: $(TEST_TARGETS)

clean:
	rm -rf $(BUILD)

help:
	@echo "make               build everything (installs missing Debian packages)"
	@echo "make test          run every test suite"
	@echo "make bench         run the benchmarks (tables)"
	@echo "make fuzz          fuzz the payload loader (FUZZ_SECONDS, default 60)"
	@echo "make defconfig     write the default .config"
	@echo "make menuconfig    edit .config (kconfig-mconf)"
	@echo "make olddefconfig  update .config with defaults for new options"
	@echo "make run           build and boot the stack in QEMU"
