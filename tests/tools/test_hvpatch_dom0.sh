#!/bin/sh
# dom0's hvpatch run on the host (it is a static binary): `info` against
# what binutils read from the same files, and the exit codes that need no
# hypervisor (usage 2, unusable FILE 5, no /dev/hvctl 4).
# usage: test_hvpatch_dom0.sh HVPATCH PAYLOAD_DIR
set -u
hvpatch=$1 dir=$2
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
out=$(mktemp) && trap 'rm -f "$out"' EXIT

# expect_exit CODE CMD...: the exit status, output kept in $out.
expect_exit() {
	want=$1
	shift
	"$@" > "$out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$* exited $got, want $want: $(head -n 3 "$out")"; fi
}
has() { if grep -qE -- "$1" "$out"; then ok; else bad "output lacks '$1': $(head -n 20 "$out")"; fi; }

id_of() { readelf -n "$1" | sed -n 's/.*Build ID: //p'; }
hello_id=$(id_of "$dir/xen_hello_world.livepatch")
bye_id=$(id_of "$dir/xen_bye_world.livepatch")
hv_note=$(od -An -tx1 -v "$dir/hv-note.bin" | tr -d ' \n' | cut -c33-)

expect_exit 0 "$hvpatch" info "$dir/xen_hello_world.livepatch"
has "^build-id: +$hello_id\$"
has "^depends: +none\$"
has "^hv depends: +$hv_note\$"
has "^hooks: +.*load"
has "^data/bss: +[1-9][0-9]* bytes \\(not re-appliable"
has "^metadata: +description=hello world regression payload\$"
has "^functions: +1\$"
has "^  \\[0\\] xen_extra_version\$"
has "new: xen_hello_world, [1-9][0-9]* bytes"

expect_exit 0 "$hvpatch" info "$dir/xen_bye_world.livepatch"
has "^build-id: +$bye_id\$"
has "^depends: +$hello_id\$"
has "^data/bss: +0 bytes\$"

expect_exit 0 "$hvpatch" info "$dir/xen_nop.livepatch"
has "NOP out [1-9][0-9]* bytes"
expect_exit 0 "$hvpatch" info "$dir/xen_hooks_only.livepatch"
has "^functions: +none"
has "^hooks: +.*apply"
expect_exit 0 "$hvpatch" info "$dir/xen_no_buildid.livepatch"
has "^build-id: +none\$"

# Exit codes without a hypervisor.
expect_exit 5 "$hvpatch" info /nonexistent.livepatch
expect_exit 5 "$hvpatch" info "$dir/hv-note.bin"
has "not an x86-64 relocatable ELF payload"
expect_exit 2 "$hvpatch" frobnicate
has "unknown verb"
expect_exit 2 "$hvpatch" apply
has "missing argument"
expect_exit 2 "$hvpatch" apply --timeout-ns x xen_nop
expect_exit 2 "$hvpatch" upload onlyname
expect_exit 0 "$hvpatch" revert --help
has "^usage: hvpatch revert"
has "3  timeout"
if [ ! -e /dev/hvctl ]; then
	expect_exit 4 "$hvpatch" list
	has "cannot open /dev/hvctl"
fi

echo "hvpatch (dom0) on the host: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
