#!/bin/sh
# `make bench` part: a hypercall round trip from dom0 vs a getpid() system
# call, measured in dom0 under the hypervisor (tests/dom0/hvtest/hvbench.c)
# on QEMU TCG, -smp 4. A table from one boot, not a test.
# usage: bench-hypercall.sh BUILD
set -u
build=$1
dir=$build/bench/hypercall
esp=$build/esp
BUILD=$build HV_BOOT_TIMEOUT=240 HV_WAIT_FOR="hvtest-hvbench: exit" \
	HV_STOP_ON="dom0 stopped|Kernel panic" \
	HV_CFG_EXTRA="kernel=vmlinuz console=ttyS0 nr_cpus=1 hvtest=hvbench\nramdisk=initrd.img\n" \
	sh tests/hv/run-qemu.sh "$dir" console=com2 "$esp/vmlinuz" "$esp/initrd.img" > /dev/null 2>&1
log=$dir/com1.txt
val() { sed -n "s/^hvbench: $1 \\([0-9]*\\) ns.*/\\1/p" "$log"; }
pid=$(val getpid) hc=$(val hypercall) vm=$(val vmmcall-cpl3)
if [ -z "$pid" ] || [ -z "$hc" ] || [ -z "$vm" ]; then
	echo "hypercall bench: no result (logs: $dir/com1.txt, com2.txt)"
	grep '^hvbench' "$log"
	exit 0
fi
ratio() { awk -v a="$1" -v b="$pid" 'BEGIN { printf "%.1f\n", a / b }'; }
echo "hypercall round trip in dom0 under hv (TCG -smp 4, median of 5 runs of 0.2 s)"
printf '%-44s %10s %8s\n' "" "ns/call" "x getpid"
printf '%-44s %10s %8s\n' "getpid() system call" "$pid" "1.0"
printf '%-44s %10s %8s\n' "VERSION hypercall via /dev/hvctl (ioctl)" "$hc" "$(ratio "$hc")"
printf '%-44s %10s %8s\n' "VMMCALL at CPL 3 (exit round trip, -EPERM)" "$vm" "$(ratio "$vm")"
