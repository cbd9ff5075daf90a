#!/bin/sh
# The regression payloads through `hvpatch check` against build/hv-syms:
# the good ones are accepted with the addresses the image has, the
# negatives refused for the reason the hypervisor gives at boot.
# Usage: test-checker.sh HVPATCH HV_SYMS PAYLOAD_DIR
set -u
HVPATCH=$1 IMAGE=$2 P=$3
out=$(mktemp "${TMPDIR:-/tmp}/hv-check.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT INT TERM
passed=0 failed=0

# check NAME STATUS PATTERN PAYLOAD...: exit STATUS and PATTERN (grep -E) in the output.
check() {
	name=$1 want=$2 pat=$3
	shift 3
	"$HVPATCH" check --hv "$IMAGE" "$@" > "$out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -Eq -- "$pat" "$out"; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc (want $want), pattern '$pat'"
		sed 's/^/     | /' "$out"
	fi
}

addr=$(nm "$IMAGE" | awk '$3 == "xen_extra_version" { print $1 }' | sed 's/^0*//')
check "hello world patches xen_extra_version at its address" 0 \
	"xen_extra_version: old 0x$addr " "$P/xen_hello_world.livepatch"
check "bye world stacks on hello world" 0 "on top of xen_hello_world" \
	"$P/xen_hello_world.livepatch" "$P/xen_bye_world.livepatch"
check "bye world alone needs hello world" 1 "xen_bye_world: REJECTED" \
	"$P/xen_bye_world.livepatch"
check "replace world is accepted" 0 "xen_replace_world: ACCEPTED" \
	"$P/xen_replace_world.livepatch"
nop=$(nm "$IMAGE" | awk '$3 == "xen_nop_probe" { print $1 }')
check "nop payload, nameless as Xen's, NOPs xen_nop_probe by address" 0 \
	"@0x$nop: old 0x$(echo "$nop" | sed 's/^0*//') \\+[0-9]+ -> NOP 5 bytes" "$P/xen_nop.livepatch"
check "hooks-only payload is accepted" 0 "functions +0" "$P/xen_hooks_only.livepatch"
# Hooks never run offline: the pre-apply veto is the hypervisor's to see.
check "preapply_fail loads offline" 0 "preapply" "$P/xen_preapply_fail.livepatch"
check "wrong hypervisor build-id" 1 "EILSEQ.*built for hypervisor build-id" \
	"$P/xen_bad_hv_buildid.livepatch"
check "no build-id note" 1 "ENODATA.*build-id" "$P/xen_no_buildid.livepatch"
check "too small for a jump" 1 "EMSGSIZE.*cannot hold a 5-byte jump" \
	"$P/xen_too_small.livepatch"
check "denylisted target" 1 "EPERM.*may not be patched" "$P/xen_nopatch.livepatch"

echo "hv-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
