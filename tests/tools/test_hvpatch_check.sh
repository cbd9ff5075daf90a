#!/bin/sh
# `hvpatch check` against the test image and payloads: each verdict, the
# reason given, the exit status (0 accepted, 1 rejected, 2 usage), and that
# no input bytes crash it. Usage: test_hvpatch_check.sh HVPATCH IMAGE PAYLOAD_DIR
set -u
HVPATCH=$1 IMAGE=$2 P=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvpatch-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	sed 's/^/     | /' "$tmp/out"
}

# expect NAME STATUS [PATTERN...] -- ARGS: run hvpatch ARGS, want exit
# STATUS and every PATTERN (grep -E) somewhere in stdout+stderr.
expect() {
	name=$1 want=$2
	shift 2
	pats=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		pats="$pats$1
"
		shift
	done
	shift
	"$HVPATCH" "$@" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name: exit $rc, want $want"
		return
	fi
	missing=$(printf '%s' "$pats" | while IFS= read -r pat; do
		grep -Eq -- "$pat" "$tmp/out" || echo "$pat"
	done)
	if [ -n "$missing" ]; then
		fail "$name: output lacks: $missing"
		return
	fi
	pass "$name"
}

# reject NAME PATTERN: the payload alone is refused for that reason.
reject() {
	expect "$1 rejected" 1 "^$1: REJECTED" "$2" -- check --hv "$IMAGE" "$P/$1.livepatch"
}

# The old address as nm sees it, without leading zeros.
add_addr=$(nm "$IMAGE" | awk '$3 == "lp_target_add" { print $1 }' | sed 's/^0*//')
[ -n "$add_addr" ] || { echo "FAIL no lp_target_add in $IMAGE"; exit 1; }

expect "p_add accepted" 0 "^p_add: ACCEPTED" "lp_target_add: old 0x$add_addr " \
	"1 accepted, 0 rejected" -- check --hv "$IMAGE" "$P/p_add.livepatch"
expect "p_add new code past image" 0 "new 0x[0-9a-f]+ .*p_add_new" \
	-- check --hv "$IMAGE" "$P/p_add.livepatch"
expect "p_const2 + p_const3 stacked" 0 "^p_const2: ACCEPTED" "^p_const3: ACCEPTED" \
	"depends +[0-9a-f]+ = p_const2" "on top of p_const2" "exported: .*p_const_helper" \
	-- check --hv "$IMAGE" "$P/p_const2.livepatch" "$P/p_const3.livepatch"
expect "p_clash over p_const2: export clash" 1 "^p_const2: ACCEPTED" \
	"^p_clash: REJECTED at apply \\(new symbols\\) \\(-EEXIST" \
	"new symbol p_const_helper is already provided by applied payload p_const2" \
	-- check --hv "$IMAGE" "$P/p_const2.livepatch" "$P/p_clash.livepatch"
# Regression: accepted payloads were never applied in the core, so "an
# applied exporter wins over a loaded one" never fired offline: p_const3 was
# refused -ENOTUNIQ (p_const2 and the rejected p_clash both export
# p_const_helper), a sequence the hypervisor takes.
expect "applied exporter wins over a loaded one" 1 "^p_const2: ACCEPTED" \
	"^p_clash: REJECTED at apply \\(new symbols\\)" "^p_const3: ACCEPTED" \
	"on top of p_const2" "2 accepted, 1 rejected" \
	-- check --hv "$IMAGE" "$P/p_const2.livepatch" "$P/p_clash.livepatch" "$P/p_const3.livepatch"
expect "p_const3 alone" 1 "^p_const3: REJECTED" "unresolved symbol p_const_helper" \
	-- check --hv "$IMAGE" "$P/p_const3.livepatch"
expect "p_add then p_const2 (no depends)" 1 "^p_add: ACCEPTED" \
	"^p_const2: REJECTED at apply .depends." "carries no .livepatch.depends" \
	-- check --hv "$IMAGE" "$P/p_add.livepatch" "$P/p_const2.livepatch"

reject p_tiny "cannot hold a 5-byte jump"
reject p_nopatch "\\.text\\.nopatch"
reject p_wrong_hv "built for hypervisor build-id"
reject p_no_hvdep "no \\.livepatch\\.xen_depends"
reject p_no_buildid "must carry its own build-id"
reject p_unresolved "unresolved symbol no_such_function_anywhere"
reject p_ambiguous "dup\\.c#dup_local is ambiguous"
reject p_hash_bad "xxh64 of [0-9]+ bytes at 0x[0-9a-f]+ is [0-9a-f]+, payload expects"
reject p_expect_bad "does not match the expected 6 bytes"
reject p_shadow "global lp_call_b has the name of a hypervisor symbol and replaces no function"
reject p_weak "unresolved weak symbol lp_absent_function"

# Xen's own test payloads, in Xen's style (docs/design.md section 10).
expect "Xen-style hello world accepted" 0 "^p_xen_hello_world: ACCEPTED" \
	"modinfo +LIVEPATCH_RULEZ" "hooks +load\\(2\\) unload\\(3\\)" \
	"xen_extra_version: old 0x[0-9a-f]+ \\+6 -> new 0x[0-9a-f]+ \\+4096 \\(xen_hello_world\\+0\\)" \
	-- check --hv "$IMAGE" "$P/p_xen_hello_world.livepatch"
expect "Xen-style replace world accepted" 0 "^p_xen_replace_world: ACCEPTED" \
	-- check --hv "$IMAGE" "$P/p_xen_replace_world.livepatch"
expect "Xen-style nop without a name accepted" 0 "^p_xen_nop: ACCEPTED" \
	"@0x[0-9a-f]{16}: old 0x[0-9a-f]+ \\+7 -> NOP 6 bytes" \
	-- check --hv "$IMAGE" "$P/p_xen_nop.livepatch"
expect "hooks-only payload accepted" 0 "^p_xen_hooks_only: ACCEPTED" "functions +0" \
	"hooks +apply revert postrevert" -- check --hv "$IMAGE" "$P/p_xen_hooks_only.livepatch"

expect "p_hash accepted" 0 "^p_hash: ACCEPTED" "xxh64" "1 xxh64 match" \
	-- check --hv "$IMAGE" "$P/p_hash.livepatch"
expect "p_expect accepted" 0 "^p_expect: ACCEPTED" "expectation" \
	-- check --hv "$IMAGE" "$P/p_expect.livepatch"
expect "p_hooks shows hooks" 0 "hooks +load\\(1\\) unload\\(1\\) preapply postapply" \
	-- check --hv "$IMAGE" "$P/p_hooks.livepatch"
expect "modinfo shown" 0 "modinfo +[a-z]+=" -- check --hv "$IMAGE" "$P/p_add.livepatch"
expect "one bad among good" 1 "^p_add: ACCEPTED" "^p_tiny: REJECTED" "1 accepted, 1 rejected" \
	-- check --hv "$IMAGE" "$P/p_add.livepatch" "$P/p_tiny.livepatch"

# Usage errors and help.
expect "hvpatch --help" 0 "usage: hvpatch" "check" -- --help
expect "hvpatch check --help" 0 "usage: hvpatch check --hv IMAGE" -- check --help
expect "no verb" 2 "usage" --
expect "unknown verb" 2 "unknown verb" -- frobnicate
expect "unknown option" 2 "unknown option" -- check --bogus --hv "$IMAGE" "$P/p_add.livepatch"
expect "missing IMAGE" 2 "no hypervisor image" -- check "$P/p_add.livepatch"
expect "--hv without argument" 2 "needs an IMAGE" -- check --hv
expect "no payloads" 2 "no payloads" -- check --hv "$IMAGE"
expect "unreadable IMAGE" 2 "cannot use IMAGE" -- check --hv "$tmp/nonexistent" "$P/p_add.livepatch"
head -c 4096 /dev/urandom > "$tmp/garbage.elf"
expect "garbage IMAGE" 2 "cannot use IMAGE" -- check --hv "$tmp/garbage.elf" "$P/p_add.livepatch"
expect "payload as IMAGE" 2 "cannot use IMAGE" -- check --hv "$P/p_add.livepatch" "$P/p_add.livepatch"

# Bytes nobody should trust: rejected with status 1, never a crash.
: > "$tmp/empty.livepatch"
head -c 4096 /dev/urandom > "$tmp/random.livepatch"
size=$(wc -c < "$P/p_add.livepatch")
for cut in 1 63 64 200 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$P/p_add.livepatch" > "$tmp/cut$cut.livepatch"
done
expect "empty payload" 1 "^empty: REJECTED" -- check --hv "$IMAGE" "$tmp/empty.livepatch"
expect "random payload" 1 "^random: REJECTED at upload" -- check --hv "$IMAGE" "$tmp/random.livepatch"
for f in "$tmp"/cut*.livepatch; do
	n=$(basename "$f" .livepatch)
	expect "truncated payload $n" 1 "^$n: REJECTED" -- check --hv "$IMAGE" "$f"
done
expect "missing payload" 1 "REJECTED: cannot read" -- check --hv "$IMAGE" "$tmp/nope.livepatch"
expect "directory as payload" 1 "REJECTED: cannot read" -- check --hv "$IMAGE" "$tmp"
# Flip bytes of a valid payload at a stride: each one must be judged, not crash.
i=0
while [ $i -lt 24 ]; do
	off=$(( (i * 97 + 16) % size ))
	cp "$P/p_add.livepatch" "$tmp/flip$i.livepatch"
	printf '\377' | dd of="$tmp/flip$i.livepatch" bs=1 seek="$off" conv=notrunc 2>/dev/null
	"$HVPATCH" check --hv "$IMAGE" "$tmp/flip$i.livepatch" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -le 1 ] && grep -Eq "^flip$i: (ACCEPTED|REJECTED)" "$tmp/out"; then
		pass "byte 0x$(printf %x "$off") flipped (exit $rc)"
	else
		fail "byte 0x$(printf %x "$off") flipped: exit $rc"
	fi
	i=$((i + 1))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
