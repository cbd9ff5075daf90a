#!/bin/sh
# make test-nopatch: everything the live-patch rendezvous runs (from
# lp_check_for_work, on the master and on the held CPUs) and the trap path
# (an NMI or exception arriving while text is written) is in .text.nopatch,
# so no payload can redirect it. tools/nopatchcheck walks the call graph of
# the linked hypervisor; the second check shows it can fail.
set -u
check=$1 image=$2
passed=0 failed=0

if "$check" --hv "$image" --indirect tests/hv/nopatch-indirect.txt lp_check_for_work trap_handler; then
	passed=$((passed + 1))
else
	echo "FAIL: code reachable from the rendezvous or the trap path can be patched (above)"
	failed=$((failed + 1))
fi

# hv_start reaches boot code that is patchable on purpose: the walk must say so.
out=$("$check" --hv "$image" --indirect tests/hv/nopatch-indirect.txt hv_start 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && echo "$out" | grep -q "is outside .text.nopatch; reached by hv_start -> "; then
	passed=$((passed + 1))
else
	echo "FAIL: nopatchcheck from hv_start exited $rc without naming patchable code:"
	echo "$out" | tail -n 5
	failed=$((failed + 1))
fi

# The NMI handler may interrupt printk's lock holder or a text write: it
# must reach no printing, no lock and nothing patchable (issue 6, defect 7).
out=$("$check" --hv "$image" --indirect tests/hv/nopatch-indirect.txt -v nmi_handler 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && ! echo "$out" | grep -qE "^  [a-zA-Z ]+ .*(printk|panic|console|spin_lock|_lock$)"; then
	passed=$((passed + 1))
else
	echo "FAIL: the NMI path (nmi_handler) prints, locks or reaches patchable code:"
	echo "$out"
	failed=$((failed + 1))
fi

echo "nopatch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
