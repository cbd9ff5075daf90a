#!/bin/sh
# dom0 under the hypervisor runs tests/dom0/hvtest/hvinfo.sh (hvtest=hvinfo)
# with xen_hello_world applied: hvinfo reports what the hypervisor itself
# logged and what build/hv-syms carries, `hvinfo dmesg` returns the boot
# log, a user-mode VMMCALL gets -EPERM, and hvctl-check's refusals hold
# (bad guest pointers -EFAULT from the hypervisor, which logs them).
# Logs: $BUILD/tests/dom0/hvinfo/com{1,2}.txt, printed on failure.
# usage: test-hvinfo.sh BUILD
set -u
build=$1
dir=$build/tests/dom0/hvinfo
passed=0 failed=0

fail() {
	failed=$((failed + 1))
	echo "FAIL: dom0 hvinfo: $*"
}

has() { grep -qF -- "$2" "$dir/$1.txt"; }
expect_dom0() { if has com1 "$1"; then passed=$((passed + 1)); else fail "dom0 log lacks \"$1\""; fi; }
expect_hv() { if has com2 "$1"; then passed=$((passed + 1)); else fail "hypervisor log lacks \"$1\""; fi; }
reject() {
	if grep -qE -- "$2" "$dir/$1.txt"; then
		fail "$1 has: $(grep -E -- "$2" "$dir/$1.txt" | head -n 3)"
	else
		passed=$((passed + 1))
	fi
}

if ! BUILD=$build HV_BOOT_TIMEOUT=${DOM0_TIMEOUT:-240} \
	HV_WAIT_FOR="dom0: hvtest hvinfo exit" HV_STOP_ON="dom0 stopped|Kernel panic" \
	HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=hvinfo\nramdisk=initrd.img\n" \
	sh tests/hv/run-qemu.sh "$dir" "console=com2 livepatch=xen_hello_world.livepatch" \
	"$build/esp/vmlinuz" "$build/esp/initrd.img" "$build/esp/xen_hello_world.livepatch"; then
	fail "dom0 did not finish hvtest=hvinfo"
else
	echo "  boot hvinfo: $(cat "$dir/time.txt")"
fi
tr -d '\033\r' < "$dir/com1.log" > "$dir/com1.txt" 2>/dev/null || :

# What hvinfo must agree with: the image and the hypervisor's own log.
build_id=$(readelf -n "$build/hv-syms" | sed -n 's/.*Build ID: //p')
extra=$(sed -n 's/^(HV) xen_extra_version: //p' "$dir/com2.txt" | tail -n 1)
cmdline=$(sed -n 's/^(HV) command line: //p' "$dir/com2.txt")
cpus=$(sed -n 's/^(HV) smp: \([0-9]*\) of.*/\1/p' "$dir/com2.txt")
version=$(sed -n 's/^(HV) hv version \([0-9]*\.[0-9]*\).*/\1/p' "$dir/com2.txt")

expect_dom0 "hvtest-hvinfo: exit 0"
expect_dom0 "hv_major               : ${version%.*}"
expect_dom0 "hv_minor               : ${version#*.}"
expect_dom0 "hv_extra               : ${extra:-?}"
expect_dom0 "hv_version             : $version${extra:-?}"
expect_dom0 "build_id               : ${build_id:-?}"
expect_dom0 "nr_cpus                : ${cpus:-?}"
expect_dom0 "hv_commandline         : ${cmdline:-?}"
reject com1 "hv_memory +: 0 MiB"
[ "$extra" = "Hello World" ] && passed=$((passed + 1)) || fail "xen_extra_version was \"$extra\""
# `hvinfo dmesg | head` shows the hypervisor's boot log, as it logged it.
expect_dom0 "hvtest-dmesg: exit 0"
expect_dom0 "(HV) hv version $version"
expect_dom0 "(HV) build-id: ${build_id:-?}"
expect_dom0 "(HV) command line: ${cmdline:-?}"
expect_dom0 "hvcall-user: VMMCALL at CPL 3 returned -1 (-EPERM)"
expect_dom0 "hvtest-user: exit 0"
expect_dom0 "ok - VERSION to guest-physical 1 << 52, beyond dom0 RAM (hypervisor): -EFAULT"
expect_dom0 "ok - VERSION to a guest-physical range that wraps (hypervisor): -EFAULT"
expect_dom0 "ok - VERSION into an unmapped user buffer (module): -EFAULT"
expect_dom0 "ok - call after dropping root: -EPERM"
expect_dom0 "ok - VERSION into hypervisor memory, inside dom0's physical map (hypervisor): -EFAULT"
expect_dom0 "hvctl-check: 16 passed, 0 failed"
expect_dom0 "hvctl: hvctl-check: op 1 arg 0: cannot read 144 bytes at 0x8"
expect_hv "hypercall: version: 0x10000000000000+0x90 is not dom0 RAM"
expect_hv "hypercall: console: size 65537 above 65536"
# Still answering, with the same build-id, after every refusal.
expect_dom0 "hvtest-again: exit 0"
[ "$(grep -c "^build_id *: $build_id" "$dir/com1.txt")" -eq 2 ] && passed=$((passed + 1)) ||
	fail "the second hvinfo did not report build-id $build_id"
expect_dom0 "dom0: hvtest hvinfo exit 0"
reject com1 "not ok|Oops|BUG:|general protection|Kernel panic"
reject com2 "PANIC|dom0 stopped|hv exception"

if [ "$failed" -ne 0 ]; then
	echo "---- $dir/com1.txt (dom0) ----"
	grep -v '^\[ *[0-9]' "$dir/com1.txt" | tail -n 60
	echo "---- $dir/com2.txt (hypervisor) ----"
	tail -n 60 "$dir/com2.txt"
fi
echo "dom0-hvinfo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
