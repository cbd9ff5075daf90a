#!/bin/sh
# Run each cmocka suite with a time bound. Each suite's output is kept in
# the log directory and shown; a closing "N passed, N failed" line sums up.
set -u
out="$1/unit-logs"; shift
mkdir -p "$out"
passed=0 failed=0
for t in "$@"; do
	name=$(basename "$t")
	timeout 300 "$t" > "$out/$name.log" 2>&1
	rc=$?
	cat "$out/$name.log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out/$name.log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		[ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
		echo "== $name FAILED (exit $rc; log: $out/$name.log)"
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
