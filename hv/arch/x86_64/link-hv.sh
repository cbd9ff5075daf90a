#!/bin/sh
# Two-pass (or more) link with an embedded symbol table, like Linux's
# kallsyms and Xen: link with an empty table, generate the table from the
# result, link again, until the table no longer changes.
# The table comes from tools/mksymtab, which reads images exactly as
# `hvpatch check` does.
# Usage: link-hv.sh <out> <lds> <workdir> <mksymtab> <cc+flags for .S> -- <objects...>
set -eu
out=$1 lds=$2 work=$3 mksymtab=$4 ascmd=$5
shift 6
mkdir -p "$work"
"$mksymtab" --empty > "$work/syms.0.S"
prev="$work/syms.0.S"
for pass in 1 2 3 4 5; do
	$ascmd -c "$prev" -o "$work/syms.o"
	ld -nostdlib -static -no-pie -z max-page-size=4096 -z noexecstack --build-id=sha1 \
		-T "$lds" -o "$work/hv.$pass" "$@" "$work/syms.o"
	"$mksymtab" "$work/hv.$pass" > "$work/syms.$pass.S"
	if cmp -s "$prev" "$work/syms.$pass.S"; then
		mv "$work/hv.$pass" "$out"
		echo "  SYMS    $(grep -c '^\.Lname' "$prev") symbols, stable after $pass link(s)"
		exit 0
	fi
	prev="$work/syms.$pass.S"
done
echo "link-hv.sh: symbol table did not converge in 5 links" >&2
exit 1
