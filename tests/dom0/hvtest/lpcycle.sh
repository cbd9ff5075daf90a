#!/bin/sh
# `make bench` (tests/hv/bench-lpcycle.sh), hvtest=lpcycle: live-patch
# latency and endurance from dom0 under the hypervisor. Prints lpcycle:
# lines for the host to tabulate; the hypervisor's own gather and blackout
# figures are in its log (com2). Times are CLOCK_MONOTONIC ns (lptime).
#   lpcycle_cycles=N on the kernel command line: N cycles (default 200)
# A cycle of xen_hello_world is upload, apply, revert, unload: it carries
# .bss (its hook counter), so it is never re-applied without a fresh upload.
P=/usr/lib/hvpatch
T=/usr/lib/hvtest/lptime
CYCLES=$(sed -n 's/.*lpcycle_cycles=\([0-9]*\).*/\1/p' /proc/cmdline)
CYCLES=${CYCLES:-200}
ROUNDS=10
fails=0 timeouts=0
: > /tmp/all

# hv CMD...: runs hvpatch under lptime; $ns is its wall time, failures and
# timeouts (exit 3, docs/design.md) are counted and shown.
hv() {
	"$T" run hvpatch "$@" > /tmp/out 2>&1
	rc=$?
	ns=$(sed -n 's/^lptime: \([0-9]*\) ns$/\1/p' /tmp/out)
	cat /tmp/out >> /tmp/all
	if [ $rc -ne 0 ]; then
		fails=$((fails + 1))
		[ $rc -eq 3 ] && timeouts=$((timeouts + 1))
		echo "lpcycle: hvpatch $* exit $rc:"
		cat /tmp/out
	fi
	return $rc
}

i=1
while [ $i -le "$CYCLES" ]; do
	t0=$("$T" now)
	hv upload xen_hello_world $P/xen_hello_world.livepatch
	hv apply xen_hello_world
	apply=$ns
	t1=$("$T" now)
	hv list
	list=$ns
	hv revert xen_hello_world
	hv unload xen_hello_world
	t2=$("$T" now)
	echo "lpcycle: cycle $i u2a $((t1 - t0)) apply $apply list $list total $((t2 - t0))"
	i=$((i + 1))
done

# REPLACE of an applied hello by xen_replace_world, for the hypervisor's figures.
i=1
while [ $i -le $ROUNDS ]; do
	hv load $P/xen_hello_world.livepatch
	hv upload xen_replace_world $P/xen_replace_world.livepatch
	hv replace xen_replace_world
	hv revert xen_replace_world
	hv unload xen_replace_world
	hv unload xen_hello_world
	i=$((i + 1))
done

# The cheapest rendezvous: xen_hooks_only has no functions (hooks only);
# xen_nop patches one 5-byte call with NOPs.
i=1
while [ $i -le $ROUNDS ]; do
	hv load $P/xen_hooks_only.livepatch
	hv revert xen_hooks_only
	hv unload xen_hooks_only
	i=$((i + 1))
done
hv upload xen_nop $P/xen_nop.livepatch
i=1
while [ $i -le $ROUNDS ]; do
	hv apply xen_nop
	hv revert xen_nop
	i=$((i + 1))
done
hv unload xen_nop

echo "lpcycle: failures $fails timeouts $timeouts retries $(grep -c 'retry [0-9]* with' /tmp/all)"
echo "lpcycle: done"
