#!/bin/sh
# dom0's view of the hypervisor's barriers (run by tests/hv/test-dom0.sh).
# Prints hvtest-* lines the host side asserts on; never stops on a failure.

echo "hvtest-cpus: $(grep -c ^processor /proc/cpuinfo)"
flags=$(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
for f in hypervisor svm x2apic la57; do
	case " $flags " in
	*" $f "*) echo "hvtest-flag: $f yes" ;;
	*) echo "hvtest-flag: $f no" ;;
	esac
done

# Onlining a CPU dom0 was not given: there is none to online.
for c in /sys/devices/system/cpu/cpu[1-9]*; do
	[ -e "$c/online" ] && echo 1 > "$c/online" 2>/dev/null
done
echo "hvtest-online: $(cat /sys/devices/system/cpu/online)"

# Every reserved range inside RAM: read, write a pattern, read again.
# The hypervisor's own ranges must read as its scratch page, never as its data.
top=$(dmesg | sed -n 's/.*BIOS-e820: \[mem 0x[0-9a-f]*-0x\([0-9a-f]*\)\] usable.*/\1/p' | tail -n 1)
dmesg | sed -n 's/.*BIOS-e820: \[mem 0x\([0-9a-f]*\)-0x[0-9a-f]*\] reserved.*/\1/p' |
while read -r a; do
	[ $((0x$a)) -ge $((0x100000)) ] && [ $((0x$a)) -lt $((0x$top)) ] || continue
	before=$(devmem "0x$a" 32 2>&1)
	devmem "0x$a" 32 0x5a5aa5a5 2>/dev/null
	after=$(devmem "0x$a" 32 2>&1)
	echo "hvtest-mem: 0x$a before $before after $after"
done
# IPIs at a hypervisor CPU, an NMI to itself, and the SVM MSRs, from ring 0.
if insmod /usr/lib/hvtest/hvprobe.ko; then
	for a in init_ipi sipi nmi_ipi nmi_self efer hsave vm_cr apic_id; do
		echo "$a" > /sys/module/hvprobe/parameters/action
	done
	dmesg | grep "hvprobe: " | sed "s/^\[[^]]*\] hvprobe: /hvtest-probe: /"
fi
# The hypervisor is intact: it still answers, with the same build-id.
hvinfo | sed -n 's/^build_id *: /hvtest-buildid: /p'
# ... and still patches on every CPU (CPU0 included, reached by NMI).
hvpatch load /usr/lib/hvpatch/xen_hello_world.livepatch
echo "hvtest-load: exit $?"
hvinfo | sed -n 's/^hv_extra *: /hvtest-extra: /p'
echo "hvtest-guard: done"
