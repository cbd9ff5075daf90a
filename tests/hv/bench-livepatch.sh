#!/bin/sh
# `make bench` part: live-patch actions driven from dom0 with hvpatch under
# the hypervisor (QEMU TCG, -smp 4; tests/dom0/hvtest/lpbench.sh). The
# hypervisor's own figures, as it logged them, per action: gather (request
# to every CPU arrived, Xen's figure) and blackout (HOLD to release), with
# the blackout as a ratio to a rendezvous that patches nothing
# (xen_hooks_only, no functions: the "x empty" column). A table from one
# boot, not a test.
# usage: bench-livepatch.sh BUILD [CYCLES]
set -u
build=$1 cycles=${2:-200}
dir=$build/bench/livepatch
esp=$build/esp
BUILD=$build HV_BOOT_TIMEOUT=900 HV_WAIT_FOR="hvtest-lpbench: done" \
	HV_STOP_ON="dom0 stopped|Kernel panic" \
	HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=lpbench lpbench_cycles=$cycles\nramdisk=initrd.img\n" \
	sh tests/hv/run-qemu.sh "$dir" console=com2 "$esp/vmlinuz" "$esp/initrd.img" > /dev/null 2>&1
d0=$dir/com1.txt hv=$dir/com2.txt
if ! grep -q '^hvtest-lpbench: done' "$d0"; then
	echo "live-patch bench: no result (logs: $d0, $hv)"
	exit 0
fi
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
# field NAME ACTION WHAT: the hypervisor's figure for each such action.
field() {
	case $3 in
	blackout) re='.* blackout \([0-9]*\) ns .*' ;;
	held) re='.* (.*, \([0-9]*\) ns of it with every CPU held).*' ;;
	gather) re='.*; gather \([0-9]*\) ns.*' ;;
	esac
	sed -n "s/^(HV) livepatch: $1: $2 done:$re/\\1/p" "$hv" | median
}
us() { [ "$1" = - ] && echo - || awk -v v="$1" 'BEGIN { printf "%.0f", v / 1000 }'; }
base=$(field xen_hooks_only apply blackout)
ratio() { [ "$1" = - ] || [ "$base" = - ] && echo - || awk -v a="$1" -v b="$base" 'BEGIN { printf "%.2f", a / b }'; }
row() {
	g=$(field "$1" "$2" gather) b=$(field "$1" "$2" blackout) h=$(field "$1" "$2" held)
	n=$(grep -c "^(HV) livepatch: $1: $2 done:" "$hv")
	printf '%-34s %6s %10s %12s %10s %8s\n' "$1 $2" "$n" "$(us "$g")" "$(us "$b")" "$(us "$h")" "$(ratio "$b")"
}
val() { sed -n "s/^hvtest-lpbench: $1 \\([0-9.]*\\).*/\\1/p" "$d0"; }
echo "live-patch actions from dom0 under hv (TCG -smp 4), hypervisor-logged medians in us"
printf '%-34s %6s %10s %12s %10s %8s\n' "" "n" "gather" "blackout" "all held" "x empty"
row xen_hooks_only apply
row xen_hello_world apply
row xen_hello_world revert
row xen_replace_world replace
row xen_nop apply
row xen_nop revert
ar=$(val "apply-revert ms") ls=$(val "list ms")
echo
echo "hvpatch wall time per command in dom0 (/proc/uptime over the loop):"
printf '  hvpatch load xen_hello_world (upload to applied): %s ms\n' "$(val "load hello ms")"
printf '  apply or revert xen_nop: %s ms; hvpatch list: %s ms; ratio %s\n' "$ar" "$ls" \
	"$(awk -v a="$ar" -v b="$ls" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
sed -n 's/^hvtest-lpbench: cycles \([0-9]*\) failures \([0-9]*\) retries \([0-9]*\)/  \1 apply\/revert cycles: \2 failed, \3 retried rendezvous/p' "$d0"
echo "  rendezvous timeouts the hypervisor logged: $(grep -c 'aborted: ' "$hv")"
