# The same live-patch core compiled freestanding, as the hypervisor links
# it: no libc headers, no red zone, kernel code model.

HV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mcmodel=kernel -fno-pic -fno-pie -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-common \
	-fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections \
	$(WARNINGS) -Ihv/include -Iinclude -Ihv -I$(BUILD)/hv/sysinc -include $(AUTOCONF) \
	-DLP_DEFAULT_TIMEOUT_NS='(CONFIG_LIVEPATCH_DEFAULT_TIMEOUT_MS * 1000000ull)' -MMD -MP

HV_CORE_SRCS := $(LPCORE_SRCS) hv/lib/string.c
HV_CORE_OBJS := $(patsubst %.c,$(BUILD)/hv/%.o,$(HV_CORE_SRCS))
HV_CORE_LIB  := $(BUILD)/hv/liblpcore-freestanding.a

# The only system header the hypervisor uses: xxHash, header-only.
HV_SYSINC := $(BUILD)/hv/sysinc/xxhash.h
$(HV_SYSINC): | $(DEPS_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)ln -sf /usr/include/xxhash.h $@

$(BUILD)/hv/%.o: %.c $(AUTOCONF) | $(DEPS_STAMP) $(HV_SYSINC)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  HVCC    $@"
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@

$(HV_CORE_LIB): $(HV_CORE_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

ALL_TARGETS += $(HV_CORE_LIB)
-include $(HV_CORE_OBJS:.o=.d)
