# The live-patch core built hosted: a static library for the tests,
# fuzzers, benchmarks and the offline checker. Same sources as the
# hypervisor build (mk/hv-core.mk), compiled against libc.

LPCORE_SRCS := $(wildcard hv/livepatch/*.c) \
	hv/arch/x86_64/livepatch_reloc.c hv/arch/x86_64/livepatch_insn.c

WARNINGS := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Werror
HOST_CFLAGS ?= -O2 -g
HOST_CPPFLAGS := -DLP_HOSTED -Iinclude -Ihv -include $(AUTOCONF) \
	-DLP_DEFAULT_TIMEOUT_NS='(CONFIG_LIVEPATCH_DEFAULT_TIMEOUT_MS * 1000000ull)'
HOST_CC_FLAGS = -std=gnu11 $(WARNINGS) $(HOST_CFLAGS) $(HOST_CPPFLAGS) -MMD -MP

LPCORE_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LPCORE_SRCS))
LPCORE_LIB  := $(BUILD)/host/liblpcore.a

$(BUILD)/host/%.o: %.c $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(CC) $(HOST_CC_FLAGS) -c $< -o $@

$(LPCORE_LIB): $(LPCORE_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

ALL_TARGETS += $(LPCORE_LIB)
-include $(LPCORE_OBJS:.o=.d)
