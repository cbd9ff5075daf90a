#!/bin/sh
# `make bench` part for the hypervisor: boot time to the end of the
# boot-time payload list, and the blackout window of applying
# xen_hello_world, on 1, 2 and 4 CPUs under QEMU/TCG. A table, never a
# pass/fail: a boot that does not reach idle shows as "-".
# Usage: bench-boot.sh PAYLOAD_DIR [ROUNDS]
set -u
P=$1 rounds=${2:-3}
build=${BUILD:-build}
out=$build/bench/hv

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

echo "hv boot under QEMU/TCG (OVMF, q35), livepatch=xen_hello_world.livepatch, $rounds boots per row"
echo "  boot ms: hv entry to the end of the boot-time list (TSC); wall s: QEMU start to idle (includes OVMF)"
echo "  blackout: the successful apply of xen_hello_world, HOLD to release (TSC);"
echo "  all held: the part of it with every CPU held (the patching itself)"
echo
printf '%5s %12s %12s %12s %16s %16s %16s %9s\n' cpus "boot ms med" "boot ms min" "wall s med" \
	"blackout ns med" "blackout ns min" "all held ns med" attempts
for cpus in 1 2 4; do
	: > "$out.boot" 2>/dev/null || { mkdir -p "$(dirname "$out")"; : > "$out.boot"; }
	: > "$out.wall"
	: > "$out.black"
	: > "$out.held"
	: > "$out.tries"
	for r in $(seq "$rounds"); do
		dir=$out/smp$cpus-$r
		HV_SMP=$cpus sh tests/hv/run-qemu.sh "$dir" "livepatch=xen_hello_world.livepatch" \
			"$P/xen_hello_world.livepatch" > /dev/null 2>&1 || continue
		sed -n 's/.*boot done in \([0-9]*\) ms.*/\1/p' "$dir/com2.txt" >> "$out.boot"
		sed -n 's/boot took \([0-9]*\) s/\1/p' "$dir/time.txt" >> "$out.wall"
		sed -n 's/.*xen_hello_world: apply done: .*blackout \([0-9]*\) ns.*/\1/p' "$dir/com2.txt" >> "$out.black"
		sed -n 's/.*xen_hello_world: apply done: .*, \([0-9]*\) ns of it with every CPU held.*/\1/p' "$dir/com2.txt" >> "$out.held"
		grep -c "xen_hello_world: apply" "$dir/com2.txt" >> "$out.tries"
	done
	printf '%5s %12s %12s %12s %16s %16s %16s %9s\n' "$cpus" \
		"$(median < "$out.boot")" "$(sort -n "$out.boot" | head -n 1)" \
		"$(median < "$out.wall")" "$(median < "$out.black")" \
		"$(sort -n "$out.black" | head -n 1)" "$(median < "$out.held")" "$(median < "$out.tries")"
done
rm -f "$out.boot" "$out.wall" "$out.black" "$out.held" "$out.tries"
