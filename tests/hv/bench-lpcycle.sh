#!/bin/sh
# `make bench` part: live-patch latency and endurance from dom0 under the
# hypervisor, one QEMU boot (TCG, -smp 4; dom0 runs
# tests/dom0/hvtest/lpcycle.sh). A table, not a test: nothing here passes
# or fails.
#   dom0's figures (lptime, CLOCK_MONOTONIC): upload-to-applied of
#   xen_hello_world, `hvpatch apply` against `hvpatch list`, cycle time;
#   the hypervisor's (its log, com2): gather and blackout per action, as a
#   ratio to the cheapest rendezvous, xen_hooks_only's apply (no functions,
#   hooks only); timeouts ("aborted") it logged and hvpatch's retries.
# usage: bench-lpcycle.sh BUILD [CYCLES]
set -u
build=$1 cycles=${2:-200}
dir=$build/bench/lpcycle
esp=$build/esp
BUILD=$build HV_BOOT_TIMEOUT=$((300 + 6 * cycles)) HV_WAIT_FOR="^lpcycle: done" \
	HV_STOP_ON="dom0: hvtest lpcycle exit|Kernel panic" \
	HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=lpcycle lpcycle_cycles=$cycles\nramdisk=initrd.img\n" \
	sh tests/hv/run-qemu.sh "$dir" console=com2 "$esp/vmlinuz" "$esp/initrd.img" > /dev/null 2>&1
d0=$dir/com1.txt hv=$dir/com2.txt
if ! grep -q '^lpcycle: done' "$d0"; then
	echo "live-patch cycles: no result (logs: $d0, $hv)"
	exit 0
fi

# pct P: the Pth percentile (nearest rank) of numbers on stdin, or "-".
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit }
	r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'; }
ms() { [ "$1" = - ] && echo - || awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }'; }
us() { [ "$1" = - ] && echo - || awk -v v="$1" 'BEGIN { printf "%.0f", v / 1e3 }'; }
div() { { [ "$1" = - ] || [ "$2" = - ] || [ "$2" = 0 ]; } && echo - ||
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# cyc FIELD: that field of every "lpcycle: cycle" line.
cyc() { sed -n "s/^lpcycle: cycle .* $1 \\([0-9]*\\).*/\\1/p" "$d0"; }
n=$(grep -c '^lpcycle: cycle ' "$d0")
crow() {
	printf '%-34s %10s %10s\n' "$1" "$(ms "$(cyc "$2" | pct 50)")" "$(ms "$(cyc "$2" | pct 90)")"
}
echo "live-patch from dom0 under hv (TCG -smp 4): $n xen_hello_world cycles (upload, apply, list, revert, unload)"
printf '%-34s %10s %10s\n' "dom0 wall time, ms" "median" "p90"
crow "upload to applied" u2a
crow "hvpatch apply" apply
crow "hvpatch list (while applied)" list
crow "whole cycle" total
printf '%-34s %10s %10s\n' "ratio apply / list" \
	"$(div "$(cyc apply | pct 50)" "$(cyc list | pct 50)")" "$(div "$(cyc apply | pct 90)" "$(cyc list | pct 90)")"

# hvf NAME ACTION WHAT: the median of the hypervisor's figure for each such action.
hvf() {
	case $3 in
	blackout) re='.* blackout \([0-9]*\) ns .*' ;;
	held) re='.*, \([0-9]*\) ns of it with every CPU held.*' ;;
	gather) re='.*; gather \([0-9]*\) ns.*' ;;
	esac
	sed -n "s/.*livepatch: $1: $2 done:$re/\\1/p" "$hv" | pct 50
}
bg=$(hvf xen_hooks_only apply gather) bb=$(hvf xen_hooks_only apply blackout)
hrow() {
	g=$(hvf "$1" "$2" gather) b=$(hvf "$1" "$2" blackout) h=$(hvf "$1" "$2" held)
	c=$(grep -c "livepatch: $1: $2 done:" "$hv")
	printf '%-28s %5s %9s %9s %9s %9s %10s\n' "$1 $2" "$c" "$(us "$g")" "$(us "$b")" "$(us "$h")" \
		"$(div "$g" "$bg")" "$(div "$b" "$bb")"
}
echo
echo "hypervisor-logged (com2), every such action of the boot, medians in us; \"x\" = ratio"
echo "to xen_hooks_only apply, the cheapest rendezvous (no functions, its hooks only)"
printf '%-28s %5s %9s %9s %9s %9s %10s\n' "" "n" "gather" "blackout" "all held" "gather x" "blackout x"
hrow xen_hooks_only apply
hrow xen_nop apply
hrow xen_nop revert
hrow xen_hello_world apply
hrow xen_hello_world revert
hrow xen_replace_world replace
hrow xen_replace_world revert
echo
sed -n 's/^lpcycle: failures \([0-9]*\) timeouts \([0-9]*\) retries \([0-9]*\)/hvpatch: \1 command(s) failed (\2 timed out), \3 rendezvous retried/p' "$d0"
# Timeouts by bound: hvpatch retries the default bound's with longer ones.
to=$(sed -n 's/.* aborted: .* in \([0-9]*\) ns[;:].*/\1/p' "$hv" | sort -n | uniq -c |
	awk '{ printf "%s%d at the %g ms bound", (NR > 1 ? ", " : ""), $1, $2 / 1e6 }')
echo "hypervisor: $(grep -c ' aborted: ' "$hv") rendezvous timed out, nothing patched${to:+ ($to)}"
