#!/bin/sh
# dom0's kernel and initramfs booted directly by QEMU, without the
# hypervisor (hvtest=nohv, tests/dom0/hvtest/nohv.sh): the hvctl module
# built against the kernel's headers loads, /dev/hvctl is root's, its
# refusals hold, calls fail with ENODEV, and nothing oopses.
# usage: test-nohv.sh BUILD
set -u
build=$1
out=$build/tests/dom0/nohv
log=$out/serial.log
mkdir -p "$out"
passed=0 failed=0

expect() {
	if grep -qF -- "$1" "$log"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: dom0 nohv: no line \"$1\""
	fi
}

refuse() {
	if grep -qE -- "$1" "$log"; then
		failed=$((failed + 1))
		echo "FAIL: dom0 nohv: unexpected: $(grep -E -- "$1" "$log" | head -n 3)"
	else
		passed=$((passed + 1))
	fi
}

timeout 120 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 512 -nographic -no-reboot \
	-net none -kernel "$build/dom0/vmlinuz" -initrd "$build/dom0/initrd.img" \
	-append "console=ttyS0 hvtest=nohv panic=-1" > "$log" 2>&1 < /dev/null
echo "  QEMU    exit $? (log: $log)"

expect "hvtest-module: loaded"
expect "hvctl: no hv hypervisor (CPUID 0x40000000 signature"
expect "hvtest-dev: 600 0"
expect "hvinfo: version: the hvctl module said ENODEV (No such device): no hv hypervisor underneath"
expect "hvtest-hvinfo: exit 3"
expect "hvtest-dmesg: exit 3"
expect "hvtest-usage: exit 1"
expect "hvtest-user: exit 77"
expect "hvcall-user: VMMCALL at CPL 3 raised ILL"
expect "hvtest-user-force: exit 2"
for c in "unknown ioctl: -ENOTTY" "call struct at an unmapped address: -EFAULT" \
	"unknown buffer flag: -EINVAL" "scalar with a length: -EINVAL" \
	"buffer of 0 bytes: -EINVAL" "buffer above HVCTL_BUF_MAX: -E2BIG" \
	"well-formed VERSION without hv underneath: -ENODEV" "call after dropping root: -EPERM"; do
	expect "ok - $c"
done
expect "hvctl-check: 8 passed, 0 failed"
expect "hvctl: hvctl-check (uid 65534): hypercalls need CAP_SYS_ADMIN"
expect "hvctl: hvctl-check: op 1 arg 0: 65537 bytes, at most 65536"
expect "hvtest-check: exit 0"
expect "hvtest-rmmod: done"
expect "hvinfo: /dev/hvctl: open(2) said ENOENT (No such file or directory): is the hvctl module loaded?"
expect "hvtest-nomodule: exit 2"
expect "dom0: hvtest nohv exit 0"
refuse "not ok|Oops|BUG:|general protection|invalid opcode|Kernel panic"

if [ "$failed" -ne 0 ]; then
	echo "---- $log (dom0 serial) ----"
	tail -n 60 "$log"
fi
echo "dom0-nohv: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
