#!/bin/sh
# QEMU tests of dom0 under the hypervisor (make test-dom0): Debian's kernel
# and the busybox initramfs boot on CPU0 (-smp 4) and run one of
# tests/dom0/hvtest/*.sh; the host side asserts on both serial logs, kept
# under $BUILD/tests/dom0/<scenario>/ and printed when an assertion fails.
set -u
build=${BUILD:-build}
out=$build/tests/dom0
esp=$build/esp
com1_what="firmware, dom0" com1_lines=60 com2_lines=80
. tests/hv/assert.sh

hv_has() { grep -qE -- "$1" "$dir/com2.txt"; }
dom0_has() { grep -qE -- "$1" "$dir/com1.txt"; }
hv_lacks() { ! hv_has "$1"; }
expect_hv() { check "hypervisor log has no line matching: $1" hv_has "$1"; }
expect_dom0() { check "dom0 log has no line matching: $1" dom0_has "$1"; }
reject_hv() { check "hypervisor log has a line matching: $1" hv_lacks "$1"; }
dom0_lacks() { ! dom0_has "$1"; }
reject_dom0() { check "dom0 log has a line matching: $1" dom0_lacks "$1"; }

# boot_dom0 <scenario> <hvtest> [hv options] [ESP files]: runs until the test script ends.
boot_dom0() {
	scenario=$1 test=$2 options=${3:-console=com2} files=${4:-}
	dir=$out/$scenario
	if HV_BOOT_TIMEOUT=${DOM0_TIMEOUT:-240} \
	   HV_WAIT_FOR="dom0: hvtest $test exit" HV_STOP_ON="dom0 stopped|Kernel panic" \
	   HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=$test\nramdisk=initrd.img\n" \
	   sh tests/hv/run-qemu.sh "$dir" "$options" "$esp/vmlinuz" "$esp/initrd.img" $files; then
		echo "  boot $scenario: $(cat "$dir/time.txt")"
		return 0
	fi
	fail "dom0 did not finish hvtest=$test"
	return 1
}

# Every hypervisor range that dom0 sees as reserved RAM was read and written
# through /dev/mem: it read only the scratch page (zero or its own pattern),
# the hypervisor logged the access, and nothing of the hypervisor changed.
check_hvmem() {
	ranges=$(sed -n 's/.*hvmem: \[\(0x[0-9a-f]*\), .*/\1/p' "$dir/com2.txt")
	probed=0
	for lo in $ranges; do
		line=$(grep "hvtest-mem: " "$dir/com1.txt" | while read -r _ a _ before _ after; do
			[ $((a)) -eq $((lo)) ] && echo "$before $after"
		done)
		[ -n "$line" ] || continue
		probed=$((probed + 1))
		set -- $line
		check "dom0 read hypervisor data at $lo: $1" test "$1" = 0x00000000 -o "$1" = 0x5A5AA5A5
		check "dom0's write at $lo did not land in the scratch page: $2" test "$2" = 0x5A5AA5A5
		expect_hv "dom0 read hypervisor memory at $lo "
	done
	check "no hypervisor range was probed from dom0" test "$probed" -gt 0
}

if boot_dom0 guard guard "console=com2 kick_test=1"; then
	expect_dom0 "dom0: initramfs up, kernel 6\\."
	expect_dom0 "hvtest-cpus: 1\$"
	expect_dom0 "hvtest-flag: hypervisor yes"
	for f in svm x2apic la57; do expect_dom0 "hvtest-flag: $f no"; done
	expect_dom0 "hvtest-online: 0\$"
	# dom0's MADT lists CPU0 only (the DSDT's hotplug processor objects
	# still name the others; nr_cpus=1 and the xAPIC guard cover those)
	expect_hv "linux_boot: dom0's ACPI view at 0x[0-9a-f]+ lists CPU0 only"
	reject_dom0 "Processors exceeds NR_CPUS"
	expect_dom0 "smpboot: Allowing 1 CPUs, 0 hotplug CPUs"
	expect_dom0 "hvtest-guard: done"
	expect_hv "svm: entering dom0 at 0x[0-9a-f]+"
	expect_hv "linux_boot: kernel at 0x[0-9a-f]+"
	check_hvmem
	# ring-0 probes (tests/dom0/hvprobe): refused or ignored, and logged
	for a in init_ipi sipi nmi_ipi; do expect_dom0 "hvtest-probe: $a done"; done
	expect_hv "apic_guard: dom0 IPI dropped \\(ICR 0xc500, destination 0x1000000\\)"
	expect_hv "apic_guard: dom0 IPI dropped \\(ICR 0x69e, destination 0x1000000\\)"
	expect_hv "apic_guard: dom0 IPI dropped \\(ICR 0x400, destination 0x1000000\\)"
	expect_dom0 "hvtest-probe: nmi_self done, 1 NMI\\(s\\) reached dom0"
	expect_dom0 "hvtest-probe: efer done, EFER now 0x[0-9a-f]*[0-9a-f]\$"
	check "dom0 saw EFER.SVME" sh -c "! grep -E 'EFER now 0x[0-9a-f]*[13579bdf][0-9a-f]{3}\$' '$dir/com1.txt'"
	expect_hv "svm: dom0 wrote EFER 0x[0-9a-f]+ without SVME: SVME kept set"
	expect_dom0 "hvtest-probe: hsave done, VM_HSAVE_PA reads 0x0\$"
	expect_hv "svm: dom0 wrote MSR 0xc0010117 = 0x1000: ignored"
	expect_dom0 "hvtest-probe: vm_cr done, VM_CR reads 0x18\$"
	expect_hv "svm: dom0 wrote MSR 0xc0010114 = 0: ignored"
	expect_dom0 "hvtest-probe: apic_id done, APIC ID reads 0x0\$"
	expect_hv "apic_guard: dom0 wrote APIC ID 0x5000000: dropped"
	# after all of it the hypervisor answers hvinfo with the image's build-id
	build_id=$(readelf -n "$build/hv-syms" | sed -n 's/.*Build ID: //p')
	expect_dom0 "hvtest-buildid: $build_id\$"
	# ... and still patches, on all four CPUs
	expect_dom0 "hvtest-load: exit 0"
	expect_dom0 "hvtest-extra: Hello World"
	expect_hv "xen_hello_world: apply done: 1 function\\(s\\); blackout [0-9]+ ns .* on 4 CPUs"
	# CPU1 reached CPU0 by NMI while dom0 ran, three times (kick_test=1)
	check "CPU0 did not acknowledge 3 NMI-delivered flushes" \
		test "$(grep -c 'kick_test: CPU0 acknowledged a TLB flush by NMI while running dom0' "$dir/com2.txt")" -eq 3
	reject_hv "did not acknowledge"
	reject_hv "PANIC|dom0 stopped|hv exception"
fi

# Issue 8's regression scenario, steps 1-4, from dom0 with hvpatch while a
# workload runs (tests/dom0/hvtest/livepatch.sh): each step's exit status,
# hvinfo's hv_extra and `hvpatch list` after it, the reasons refusals give,
# and the hypervisor's own account (every action on all 4 CPUs).
lp_step() { expect_dom0 "^hvtest-step: $1 exit $2 extra=$3 list=\\[$4\\]\$"; }
lp_says() { expect_dom0 "^hvtest-out: $1: .*$2"; }
if boot_dom0 livepatch livepatch; then
	orig=$(sed -n 's/^(HV) xen_extra_version: //p' "$dir/com2.txt" | head -n 1)
	check "the hypervisor logged its extra version" test -n "$orig"
	plain=$orig
	hello=xen_hello_world bye=xen_bye_world again=xen_replace_world
	expect_dom0 "^hvtest-json-empty: \\[\\]\$"
	expect_dom0 "^hvtest-info: functions: +1\$"
	expect_dom0 "^hvtest-info: data/bss: +4 bytes \\(not re-appliable"
	# 1
	lp_step s1-start 0 "$orig" ""
	lp_step s1-upload 0 "$orig" "$hello:CHECKED:0"
	lp_step s1-apply 0 "Hello World" "$hello:APPLIED:0"
	lp_step s1-revert 0 "$orig" "$hello:CHECKED:0"
	lp_step s1-reapply 1 "$orig" "$hello:CHECKED:0"
	lp_says s1-reapply "apply refused: -ESTALE"
	lp_says s1-reapply "its \\.data/\\.bss is no longer pristine"
	lp_step s1-unload 0 "$orig" ""
	lp_step s1-unload-again 1 "$orig" ""
	lp_says s1-unload-again "unload refused: -ENOENT"
	lp_step s1-load 0 "Hello World" "$hello:APPLIED:0"
	# 2
	lp_step s2-apply-bye 0 "Bye World" "$hello:APPLIED:0 $bye:APPLIED:0"
	lp_step s2-revert-hello 1 "Bye World" "$hello:APPLIED:0 $bye:APPLIED:0"
	lp_says s2-revert-hello "$bye is applied on top of it"
	lp_step s2-revert-bye 0 "Hello World" "$hello:APPLIED:0 $bye:CHECKED:0"
	lp_step s2-revert-hello-2 0 "$orig" "$hello:CHECKED:0 $bye:CHECKED:0"
	# 3
	lp_step s3-load-bye 0 "Bye World" "$hello:APPLIED:0 $bye:APPLIED:0"
	lp_step s3-replace 0 "Hello Again World" "$hello:CHECKED:0 $bye:CHECKED:0 $again:APPLIED:0"
	lp_step s3-apply-hello 1 "Hello Again World" "$hello:CHECKED:0 $bye:CHECKED:0 $again:APPLIED:0"
	lp_says s3-apply-hello "no longer pristine"
	lp_step s3-apply-bye 1 "Hello Again World" "$hello:CHECKED:0 $bye:CHECKED:0 $again:APPLIED:0"
	lp_says s3-apply-bye "apply refused: -ENOLINK"
	lp_says s3-apply-bye "depends on build-id [0-9a-f]+ but the top of the stack is $again"
	lp_step s3-unload-hello 0 "Hello Again World" "$again:APPLIED:0"
	lp_step s3-revert-again 0 "$orig" "$again:CHECKED:0"
	lp_step s3-unload-again 0 "$orig" ""
	# 4
	lp_step s4-load-nop 0 "$orig" "xen_nop:APPLIED:0"
	lp_step s4-unload-nop 0 "$orig" ""
	for n in xen_bad_hv_buildid xen_no_buildid xen_too_small xen_nopatch xen_preapply_fail; do
		expect_dom0 "^hvtest-step: s4-neg-$n exit 1 extra=$orig list="
		lp_step "s4-neg-$n-after" 0 "$orig" ""
	done
	lp_says s4-neg-xen_bad_hv_buildid "built for hypervisor build-id deadbeef.*, running [0-9a-f]+"
	lp_says s4-neg-xen_no_buildid "no \\.note\\.gnu\\.build-id"
	lp_says s4-neg-xen_too_small "old_size 1 cannot hold a 5-byte jump"
	lp_says s4-neg-xen_nopatch "lp_check_for_work: .*\\.text\\.nopatch"
	lp_says s4-neg-xen_preapply_fail "pre-apply hook vetoed the apply"
	lp_step s4-timeout 3 "$orig" "$hello:CHECKED:-110"
	lp_says s4-timeout "apply failed: -ETIMEDOUT.*nothing patched"
	lp_step s4-duplicate 1 "$orig" "$hello:CHECKED:-110"
	lp_says s4-duplicate "upload refused: -EEXIST"
	lp_step s4-apply 0 "Hello World" "$hello:APPLIED:0"
	lp_step s4-unload-applied 1 "Hello World" "$hello:APPLIED:0"
	lp_says s4-unload-applied "cannot unload: applied"
	lp_step s4-unload 0 "$orig" ""
	lp_step s4-usage 2 "$orig" ""
	lp_step s4-no-such 1 "$orig" ""
	lp_step s4-end 0 "$orig" ""
	# dom0 stayed healthy and busy throughout
	expect_dom0 "^hvtest-workload: [1-9][0-9]* hvinfo rounds"
	expect_dom0 "^hvtest-workload: [1-9][0-9]* shell rounds"
	check "dom0's workload saw a hypercall fail" sh -c "! grep -q 'hvinfo failed' '$dir/com1.txt'"
	expect_dom0 "^dom0: hvtest livepatch exit 0"
	# The hypervisor's side: every CPU took part; the sysctl logged its refusals.
	expect_hv "$hello: apply done: 1 function\\(s\\); blackout [0-9]+ ns .* on 4 CPUs; gather [0-9]+ ns"
	expect_hv "$again: replace done: .* on 4 CPUs"
	expect_hv "$hello: apply aborted: only [0-2] of 3 other CPUs reached the rendezvous in 1 ns"
	check "an action ran on fewer than 4 CPUs" sh -c "! grep -E ' done: .* on [1-3] CPUs' '$dir/com2.txt'"
	reject_hv "PANIC|dom0 stopped|hv exception"
	check "dom0 oopsed" sh -c "! grep -qE 'Oops|BUG:|general protection|Kernel panic' '$dir/com1.txt'"
fi

# Step 5: a payload applied from the boot-time list and runtime actions compose.
if boot_dom0 livepatch-boot livepatch-boot "console=com2 livepatch=xen_hello_world.livepatch" \
	"$esp/xen_hello_world.livepatch"; then
	booted=$(sed -n 's/^(HV) xen_extra_version: //p' "$dir/com2.txt" | head -n 1)
	expect_hv "livepatch: boot payload xen_hello_world applied"
	check "the boot log did not report Hello World" test "$booted" = "Hello World"
	lp_step s5-boot 0 "Hello World" "xen_hello_world:APPLIED:0"
	lp_step s5-load-bye 0 "Bye World" "xen_hello_world:APPLIED:0 xen_bye_world:APPLIED:0"
	lp_step s5-revert-bye 0 "Hello World" "xen_hello_world:APPLIED:0 xen_bye_world:CHECKED:0"
	lp_step s5-unload-bye 0 "Hello World" "xen_hello_world:APPLIED:0"
	lp_step s5-revert-hello 0 "${plain:-?}" "xen_hello_world:CHECKED:0"
	lp_step s5-unload-hello 0 "${plain:-?}" ""
	expect_dom0 "^dom0: hvtest livepatch-boot exit 0"
	reject_hv "PANIC|dom0 stopped|hv exception"
fi

# dom0 triple-faults (hvprobe triple_fault): its state is logged, dom0 is
# stopped, and CPU0 goes back to the hypervisor, which keeps running.
scenario=shutdown dir=$out/shutdown
if HV_BOOT_TIMEOUT=${DOM0_TIMEOUT:-240} HV_WAIT_FOR="CPU0 is back in the hypervisor" \
   HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=shutdown\nramdisk=initrd.img\n" \
   sh tests/hv/run-qemu.sh "$dir" console=com2 "$esp/vmlinuz" "$esp/initrd.img"; then
	echo "  boot shutdown: $(cat "$dir/time.txt")"
	expect_dom0 "hvprobe: triple_fault now"
	expect_hv "svm: dom0 stopped: triple fault \\(shutdown\\)"
	expect_hv "dom0 state: rip 0x[0-9a-f]+ rsp 0x[0-9a-f]+ rflags 0x[0-9a-f]+ cpl 0"
	expect_hv "dom0 state: cr0 0x[0-9a-f]+ cr3 0x[0-9a-f]+ cr4 0x[0-9a-f]+ efer 0x[0-9a-f]+"
	reject_dom0 "hvtest-shutdown: still alive"
	reject_hv "PANIC|hv exception"
else
	fail "the hypervisor did not survive dom0's triple fault"
fi

echo "test-dom0: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
