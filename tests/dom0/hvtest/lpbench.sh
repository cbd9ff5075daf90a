#!/bin/sh
# `make bench` (tests/hv/bench-livepatch.sh), hvtest=lpbench: live-patch
# actions from dom0 under the hypervisor. Prints hvtest-lpbench lines; the
# hypervisor's own gather and blackout figures are in its log.
#   CYCLES apply/revert cycles of xen_nop (re-appliable: no .data/.bss),
#   lpbench_cycles= on the kernel command line (default 200)
P=/usr/lib/hvpatch
CYCLES=$(sed -n 's/.*lpbench_cycles=\([0-9]*\).*/\1/p' /proc/cmdline)
CYCLES=${CYCLES:-200}
now() { cut -d' ' -f1 /proc/uptime; }
ms() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }'; }
fails=0
run() { "$@" > /tmp/out 2>&1 || { fails=$((fails + 1)); cat /tmp/out; }; cat /tmp/out >> /tmp/all; }

# Upload-to-applied for xen_hello_world (load = upload + apply), then
# revert and unload for the next round (it carries .bss).
: > /tmp/all
total=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	t0=$(now)
	run hvpatch load $P/xen_hello_world.livepatch
	t1=$(now)
	total=$(awk -v t="$total" -v a="$t0" -v b="$t1" 'BEGIN { print t + b - a }')
	run hvpatch revert xen_hello_world
	run hvpatch unload xen_hello_world
done
echo "hvtest-lpbench: load hello ms $(ms 0 "$total" 10)"

# REPLACE of an applied hello by xen_replace_world.
for i in 1 2 3 4 5 6 7 8 9 10; do
	run hvpatch load $P/xen_hello_world.livepatch
	run hvpatch upload xen_replace_world $P/xen_replace_world.livepatch
	run hvpatch replace xen_replace_world
	run hvpatch revert xen_replace_world
	run hvpatch unload xen_replace_world
	run hvpatch unload xen_hello_world
done

# A rendezvous that patches nothing: xen_hooks_only has no functions.
for i in 1 2 3 4 5 6 7 8 9 10; do
	run hvpatch load $P/xen_hooks_only.livepatch
	run hvpatch revert xen_hooks_only
	run hvpatch unload xen_hooks_only
done

# CYCLES apply/revert cycles, and as many `hvpatch list` for the ratio.
run hvpatch upload xen_nop $P/xen_nop.livepatch
t0=$(now)
i=0
while [ $i -lt "$CYCLES" ]; do
	run hvpatch apply xen_nop
	run hvpatch revert xen_nop
	i=$((i + 1))
done
t1=$(now)
i=0
while [ $i -lt "$CYCLES" ]; do
	hvpatch list > /dev/null
	hvpatch list > /dev/null
	i=$((i + 1))
done
t2=$(now)
run hvpatch unload xen_nop
echo "hvtest-lpbench: apply-revert ms $(ms "$t0" "$t1" $((2 * CYCLES)))"
echo "hvtest-lpbench: list ms $(ms "$t1" "$t2" $((2 * CYCLES)))"
echo "hvtest-lpbench: cycles $CYCLES failures $fails retries $(grep -c 'retry [0-9]' /tmp/all)"
echo "hvtest-lpbench: done"
