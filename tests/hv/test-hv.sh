#!/bin/sh
# QEMU integration tests of the hypervisor boot (make test-hv).
# Each scenario boots the ESP once (tests/hv/run-qemu.sh, with a timeout)
# and asserts on the serial logs, kept under $BUILD/tests/hv/<scenario>/
# and printed when an assertion fails.
set -u
build=${BUILD:-build}
out=$build/tests/hv
esp=$build/esp
. tests/hv/assert.sh

expect() {
	check "no line matching: $1" grep -qE -- "$1" "$dir/com2.txt"
}

expect_stub() {
	check "firmware log has no line matching: $1" grep -qE -- "$1" "$dir/com1.txt"
}

absent() {
	! grep -qE -- "$1" "$dir/com2.txt"
}

absent_stub() {
	! grep -qE -- "$1" "$dir/com1.txt"
}

reject() {
	check "unexpected line matching: $1" absent "$1"
}

# A boot-time rendezvous that timed out was retried: under TCG the 30 ms
# default is sometimes too short, so every boot gets a generous
# livepatch_timeout unless its options set one, and a retry fails the
# scenario unless it sets expect_retry=1.
LP_TIMEOUT_MS=2000
no_retry() {
	[ -n "${expect_retry:-}" ] || reject "rendezvous timed out; retrying"
}

# boot <scenario> <options> [payload names or file paths...]
boot() {
	scenario=$1 options=$2
	shift 2
	case $options in
	*livepatch_timeout=*) ;;
	*) options="$options livepatch_timeout=$LP_TIMEOUT_MS" ;;
	esac
	dir=$out/$scenario
	files=""
	for p in "$@"; do
		case $p in
		*/*) files="$files $p" ;;               # a path: copied as is
		*) files="$files $esp/$p.livepatch" ;;  # a payload name
		esac
	done
	# shellcheck disable=SC2086
	if sh tests/hv/run-qemu.sh "$dir" "$options" $files; then
		echo "  boot $scenario: $(cat "$dir/time.txt"), $(grep -o 'boot done in [0-9]* ms' "$dir/com2.txt")"
		no_retry
		return 0
	fi
	fail "did not reach the idle loop"
	return 1
}

build_id=$(readelf -n "$build/hv-syms" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
[ -n "$build_id" ] || { echo "FAIL: $build/hv-syms has no build-id"; exit 1; }

if boot base "console=com2 trap_test=1"; then
	expect "smp: 4 of 4 CPUs online"
	for c in 1 2 3; do expect "CPU$c: up"; done
	expect "build-id: $build_id\$"
	expect "paging: W\\^X verified"
	expect "hv exception: #UD"
	expect "RIP: \\[<[0-9a-f]{16}>\\] traps\\.c#trap_test_fire\\+0x[0-9a-f]+/0x[0-9a-f]+"
	expect "\\] trap_test\\+0x[0-9a-f]+/0x[0-9a-f]+"
	expect "\\] hv_start\\+0x[0-9a-f]+/0x[0-9a-f]+"
	expect "trap_test: deliberate #UD handled, continuing"
	expect "xen_extra_version: -hv$"
fi

if boot hello "console=com2 loglvl=debug livepatch=xen_hello_world.livepatch" xen_hello_world; then
	expect "\\[DBG\\] livepatch: payload memory \\[0xffffffffa"
	expect "livepatch: boot-time rendezvous bound $LP_TIMEOUT_MS ms \\(livepatch_timeout\\)"
	expect "boot payload xen_hello_world applied"
	expect "xen_hello_world: apply done: 1 function\\(s\\); blackout [0-9]+ ns .* on 4 CPUs"
	expect "xen_extra_version: Hello World$"
	expect "xen_extra_version jumps to xen_hello_world\\+0/0x[0-9a-f]+ \\[xen_hello_world\\]"
fi

if boot stacked "console=com2 loglvl=info livepatch=xen_hello_world.livepatch,xen_bye_world.livepatch" \
	xen_hello_world xen_bye_world; then
	expect "boot payload xen_bye_world applied"
	reject "\\[DBG\\]"
	expect "xen_extra_version: Bye World$"
	expect "xen_extra_version jumps to xen_bye_world\\+0/0x[0-9a-f]+ \\[xen_bye_world\\]"
fi

if boot nop "console=com2 livepatch=xen_nop.livepatch" xen_nop; then
	expect "boot payload xen_nop applied"
	expect "xen_nop_probe: counted 0 of 2 calls"
fi

# No .livepatch.funcs: the payload is its hooks, and they run.
if boot hooksonly "console=com2 livepatch=xen_hooks_only.livepatch" xen_hooks_only; then
	expect "xen_hooks_only: loaded 0 function\\(s\\)"
	expect "xen_hooks_only: apply hook ran 1 time\\(s\\), revert hook 0"
	expect "boot payload xen_hooks_only applied"
fi

# livepatch_timeout above the core's 60 s maximum is refused (the default kept).
if boot negative "console=com2 livepatch_timeout=60001 livepatch=xen_bad_hv_buildid.livepatch,xen_no_buildid.livepatch,missing.livepatch,xen_too_small.livepatch,xen_nopatch.livepatch,xen_preapply_fail.livepatch" \
	xen_bad_hv_buildid xen_no_buildid xen_too_small xen_nopatch xen_preapply_fail; then
	expect_stub "cannot read livepatch missing.livepatch"
	expect "livepatch_timeout=60001 exceeds the 60000 ms maximum; using 30 ms"
	expect "xen_bad_hv_buildid: built for hypervisor build-id deadbeef.*, running $build_id"
	expect "xen_no_buildid: no .note.gnu.build-id"
	expect "xen_too_small: xen_tiny: old_size 1 cannot hold a 5-byte jump"
	expect "xen_nopatch: lp_check_for_work: .*\\.text\\.nopatch"
	expect "xen_preapply_fail: pre-apply hook vetoed"
	reject "boot payload .* applied"
	expect "xen_extra_version: -hv$"
	expect "xen_nop_probe: counted 2 of 2 calls"
fi

mkdir -p "$out"
printf 'not a kernel\n' > "$out/vmlinuz"
printf 'not an initrd\n' > "$out/initrd.img"
export HV_CFG_EXTRA='kernel=vmlinuz console=ttyS0 quiet\nramdisk=initrd.img\n\n[other]\noptions=console=com1\n'
# Unknown option values are reported and the defaults kept (COM2, default level).
if boot dom0files "console=com3 loglvl=verbose" "$out/vmlinuz" "$out/initrd.img"; then
	expect "console=com3 is not com1 or com2; using com2"
	expect "loglvl=verbose is not one of err, warn, info, debug"
	expect_stub "loaded kernel vmlinuz"
	expect "dom0 kernel: vmlinuz \(13 bytes at 0x[0-9a-f]+\), command line: console=ttyS0 quiet"
	expect "dom0 ramdisk: initrd.img \(14 bytes"
fi
unset HV_CFG_EXTRA

# The shell's command line replaces options= (which would pick COM1). In it
# each repeated option takes its last value, in the stub (which loads only
# the last livepatch= list: xen_nop is not on the ESP and must not be
# asked for) and in the hypervisor (console=com2); "=oops" is malformed.
export HV_SHELL_ARGS="console=com1 livepatch=xen_nop.livepatch =oops console=com2 livepatch=xen_hello_world.livepatch livepatch_timeout=$LP_TIMEOUT_MS"
if boot shell "console=com1" xen_hello_world; then
	expect_stub "command line overrides options: console=com1 livepatch=xen_nop"
	expect_stub "ignoring option \"=oops\": no option name before '='"
	check "the stub read the first livepatch= list" absent_stub "(read|loaded) livepatch xen_nop"
	expect "xen_extra_version: Hello World$"
fi
unset HV_SHELL_ARGS

# The retry path on purpose: livepatch_timeout=0 gives the other CPUs no
# time at all, so the first rendezvous times out (nothing patched) and the
# retry, with at least the default bound, applies the payload.
expect_retry=1
if boot retry "console=com2 livepatch_timeout=0 livepatch=xen_hello_world.livepatch" \
	xen_hello_world; then
	expect "livepatch: boot-time rendezvous bound 0 ms \\(livepatch_timeout\\)"
	expect "xen_hello_world: apply aborted: only [0-2] of 3 other CPUs reached the rendezvous in 1 ns; nothing patched"
	expect "xen_hello_world: rendezvous timed out; retrying with a [0-9]+ ms bound"
	expect "boot payload xen_hello_world applied"
	expect "xen_extra_version: Hello World$"
fi
unset expect_retry

# An unparsable bound is reported and the default kept (the payload is
# vetoed before any rendezvous, so the short default cannot cause a retry).
if boot badtimeout "console=com2 livepatch_timeout=2s livepatch=xen_preapply_fail.livepatch" \
	xen_preapply_fail; then
	expect "livepatch_timeout=2s is not a number of milliseconds; using 30 ms"
	expect "xen_preapply_fail: pre-apply hook vetoed"
fi

export HV_NO_CFG=1
if boot nocfg "unused"; then
	expect_stub "hv.cfg not found"
	expect "command line: $"
	expect "xen_extra_version: -hv$"
fi
unset HV_NO_CFG

# Also: an hv.cfg value longer than the stub's buffer is cut and reported.
export HV_CFG_EXTRA='ramdisk=a-ramdisk-file-name-that-is-much-longer-than-sixty-three-bytes.img\n'
if boot com1 "console=com1"; then
	check "console=com1 did not move the console" grep -q "xen_extra_version: -hv" "$dir/com1.txt"
	expect_stub "ramdisk= is longer than 63 bytes; cut to"
fi
unset HV_CFG_EXTRA

echo "test-hv: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
