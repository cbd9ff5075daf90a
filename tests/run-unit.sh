#!/bin/sh
# Run each cmocka suite with a time bound; keep its output, print it on failure.
set -u
out="$1/unit-logs"; shift
mkdir -p "$out"
fail=0
for t in "$@"; do
	name=$(basename "$t")
	if timeout 300 "$t" > "$out/$name.log" 2>&1; then
		grep -E '^\[  (PASSED|FAILED|SKIPPED) \]' "$out/$name.log" | sed "s/^/$name: /"
	else
		echo "== $name FAILED (log: $out/$name.log)"
		cat "$out/$name.log"
		fail=1
	fi
done
exit $fail
