#!/bin/sh
# `make bench` part for dom0: the same Debian kernel and initramfs booted
# under the hypervisor (OVMF -> stub -> hv -> dom0 on CPU0) and directly by
# QEMU (-kernel), both TCG, -smp 4, 1 GiB, nr_cpus=1. A table, not a test.
#   kernel s: the kernel's own timestamp of "Run /init" (its boot, by its clock)
#   init s:   /proc/uptime when init ran the bench script
#   wall s:   QEMU start to the script's line (under hv: includes OVMF and hv boot)
# Usage: bench-dom0.sh [ROUNDS]
set -u
rounds=${1:-3}
build=${BUILD:-build}
esp=$build/esp
out=$build/bench/dom0
cmdline="console=ttyS0 nr_cpus=1 hvtest=bench"
mkdir -p "$out"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# direct DIR: boots the kernel without firmware or hypervisor.
direct() {
	rm -rf "$1" && mkdir -p "$1"
	start=$(date +%s.%N)
	timeout 120 qemu-system-x86_64 -accel tcg -cpu max,-smap -smp 4 -m 1G -machine q35 \
		-kernel "$esp/vmlinuz" -initrd "$esp/initrd.img" -append "$cmdline" \
		-serial file:"$1/com1.log" -display none -no-reboot -net none -monitor none \
		2> "$1/qemu.err"
	awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f\n", a - b }' > "$1/wall"
	tr -d '\r' < "$1/com1.log" > "$1/com1.txt"
}

underhv() {
	start=$(date +%s.%N)
	HV_BOOT_TIMEOUT=180 HV_WAIT_FOR="hvtest-bench: uptime" \
	HV_CFG_EXTRA="kernel=vmlinuz $cmdline\nramdisk=initrd.img\n" \
		sh tests/hv/run-qemu.sh "$1" console=com2 "$esp/vmlinuz" "$esp/initrd.img" \
		> /dev/null 2>&1
	awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f\n", a - b }' > "$1/wall"
}

collect() {
	sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$1/com1.txt" >> "$2.kernel"
	sed -n 's/^hvtest-bench: uptime \([0-9.]*\).*/\1/p' "$1/com1.txt" >> "$2.init"
	cat "$1/wall" >> "$2.wall"
}

for how in direct underhv; do
	: > "$out/$how.kernel"; : > "$out/$how.init"; : > "$out/$how.wall"
	for r in $(seq "$rounds"); do
		"$how" "$out/$how-$r"
		collect "$out/$how-$r" "$out/$how"
	done
done

row() {
	printf '%-22s %10s %10s %10s\n' "$1" "$(median < "$out/$2.kernel")" \
		"$(median < "$out/$2.init")" "$(median < "$out/$2.wall")"
}
ratio() {
	a=$(median < "$out/underhv.$1") b=$(median < "$out/direct.$1")
	if [ "$a" = - ] || [ "$b" = - ]; then echo -; else awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", a / b }'; fi
}
echo "dom0 boot: Debian linux-image-${DOM0_KABI:-?}-amd64 + busybox initramfs, TCG -smp 4, median of $rounds"
printf '%-22s %10s %10s %10s\n' "" "kernel s" "init s" "wall s"
row "direct (QEMU -kernel)" direct
row "under hv (dom0)" underhv
printf '%-22s %10s %10s %10s\n' "ratio hv / direct" "$(ratio kernel)" "$(ratio init)" "$(ratio wall)"
