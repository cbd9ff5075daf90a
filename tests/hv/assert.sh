# Sourced by the QEMU test scripts (test-hv.sh, test-dom0.sh): one
# assertion counter and one failure report. The script sets $scenario and
# $dir (the run-qemu.sh output directory) before asserting, and may set
# com1_what (what COM1 carries), com1_lines and com2_lines (how much of each
# log a failure prints; "all" prints the whole log).
passed=0 failed=0
com1_what=${com1_what:-firmware, stub} com1_lines=${com1_lines:-30} com2_lines=${com2_lines:-all}

# check DESCRIPTION COMMAND...: one assertion, counted either way.
check() {
	desc=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		fail "$desc"
	fi
}

log_tail() {
	if [ "$2" = all ]; then cat "$1"; else tail -n "$2" "$1"; fi
}

fail() {
	echo "FAIL: $scenario: $*"
	echo "---- $dir/com1.txt ($com1_what) ----"
	tr -d '\033' < "$dir/com1.txt" | log_tail /dev/stdin "$com1_lines"
	echo "---- $dir/com2.txt (hypervisor) ----"
	log_tail "$dir/com2.txt" "$com2_lines"
	echo "---- $dir/qemu.err ----"
	cat "$dir/qemu.err" 2>/dev/null
	failed=$((failed + 1))
}
