#!/bin/sh
# Boot the hypervisor ESP under QEMU (TCG, OVMF, q35, 4 CPUs) once.
# Usage: run-qemu.sh <outdir> <options> [file...]
#   <outdir>   gets esp/, com1.log (firmware + stub), com2.log (hypervisor),
#              com{1,2}.txt (the same without CRs), qemu.err, time.txt
#   <options>  the hv.cfg options= line
#   file...    extra files copied to the ESP root (payloads)
# Environment:
#   HV_CFG_EXTRA   more lines for hv.cfg's [hv] section (printf %b escapes)
#   HV_NO_CFG=1    no hv.cfg at all
#   HV_SMP         number of CPUs (default 4)
#   HV_SHELL_ARGS  boot through the UEFI shell: the stub is \hv.efi and
#                  startup.nsh runs it with these arguments (LoadOptions)
#   HV_WAIT_FOR    the line (grep -E) that ends the run successfully, in
#                  either log (default: the hypervisor's "boot done")
#   HV_STOP_ON     a line that ends the run as failed (besides a panic)
# Stops as soon as that line appears or the hypervisor panicked, or after
# HV_BOOT_TIMEOUT seconds (default 120). Exit 0 when the line appeared.
set -eu
out=$1 options=$2
shift 2
build=${BUILD:-build}
timeout_s=${HV_BOOT_TIMEOUT:-120}
wait_for=${HV_WAIT_FOR:-"[(]HV[)] boot done in"}
stop_on=${HV_STOP_ON:-"^\$never"}

rm -rf "$out"
mkdir -p "$out/esp"
if [ -n "${HV_SHELL_ARGS:-}" ]; then
	# No removable-media loader: OVMF falls back to its shell, which runs startup.nsh.
	cp "$build/esp/EFI/BOOT/BOOTX64.EFI" "$out/esp/hv.efi"
	printf 'fs0:\r\nhv.efi %s\r\n' "$HV_SHELL_ARGS" > "$out/esp/startup.nsh"
else
	mkdir -p "$out/esp/EFI/BOOT"
	cp "$build/esp/EFI/BOOT/BOOTX64.EFI" "$out/esp/EFI/BOOT/"
fi
for f in "$@"; do
	cp "$f" "$out/esp/"
done
[ -n "${HV_NO_CFG:-}" ] ||
	printf '[global]\ndefault=hv\n\n[hv]\noptions=%s\n%b' "$options" "${HV_CFG_EXTRA:-}" > "$out/esp/hv.cfg"
cp /usr/share/OVMF/OVMF_VARS.fd "$out/vars.fd"
: > "$out/com1.log"
: > "$out/com2.log"

timeout "$timeout_s" qemu-system-x86_64 -accel tcg -cpu max,-smap -smp "${HV_SMP:-4}" -m 1G -machine q35 \
	-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
	-drive if=pflash,format=raw,file="$out/vars.fd" \
	-drive file=fat:rw:"$out/esp",format=raw \
	-serial file:"$out/com1.log" -serial file:"$out/com2.log" \
	-display none -no-reboot -net none -monitor none 2> "$out/qemu.err" &
qemu=$!
start=$(date +%s)
result=1
while kill -0 "$qemu" 2>/dev/null; do
	# The hypervisor logs to COM2 by default, to COM1 with console=com1.
	if grep -qE -- "$wait_for" "$out/com2.log" "$out/com1.log" 2>/dev/null; then
		result=0
		break
	fi
	if grep -q "(HV) .*PANIC" "$out/com2.log" "$out/com1.log" 2>/dev/null; then
		break
	fi
	if grep -q "cannot boot the hypervisor" "$out/com1.log" 2>/dev/null ||
	   grep -qE -- "$stop_on" "$out/com2.log" "$out/com1.log" 2>/dev/null; then
		break
	fi
	sleep 1
done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
# The guest may power off between two polls.
grep -qE -- "$wait_for" "$out/com2.log" "$out/com1.log" 2>/dev/null && result=0
tr -d '\r' < "$out/com1.log" > "$out/com1.txt"
tr -d '\r' < "$out/com2.log" > "$out/com2.txt"
echo "boot took $(( $(date +%s) - start )) s" > "$out/time.txt"
exit $result
