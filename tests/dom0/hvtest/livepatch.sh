#!/bin/sh
# dom0 under the hypervisor (hvtest=livepatch): issue 8's regression
# scenario, steps 1-4, driven with hvpatch while a workload of hypercalls
# and a shell loop runs beside it. Each step prints
#   hvtest-step: LABEL exit N extra=<hvinfo's hv_extra> list=<hvpatch list --json>
# after its output (prefixed "hvtest-out: LABEL: "); tests/hv/test-dom0.sh
# asserts on those lines. Never stops on a failure.
P=/usr/lib/hvpatch
hello=$P/xen_hello_world.livepatch
bye=$P/xen_bye_world.livepatch
again=$P/xen_replace_world.livepatch

extra() { hvinfo | sed -n 's/^hv_extra *: //p'; }
# Compact: NAME:STATE:RC for each payload, from the JSON.
list() {
	hvpatch list --json | sed 's/},{/}\n{/g' |
		sed -n 's/.*"name":"\([^"]*\)","state":"\([A-Z]*\)","rc":\(-*[0-9]*\).*/\1:\2:\3/p' |
		tr '\n' ' ' | sed 's/ $//'
}
step() {
	label=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out" | sed "s/^/hvtest-out: $label: /"
	echo "hvtest-step: $label exit $rc extra=$(extra) list=[$(list)]"
}

# The workload: hypercalls from one loop, plain shell work in another.
(n=0; while [ ! -e /tmp/stop ]; do hvinfo > /dev/null || echo "hvtest-workload: hvinfo failed"; n=$((n + 1)); done
 echo "hvtest-workload: $n hvinfo rounds") &
(n=0; while [ ! -e /tmp/stop ]; do n=$((n + 1)); done; echo "hvtest-workload: $n shell rounds") &

echo "hvtest-json-empty: $(hvpatch list --json)"
hvpatch list
hvpatch info $hello | sed 's/^/hvtest-info: /'

# 1. hello: apply, revert, refused re-apply (.bss), unload twice, load.
step s1-start true
step s1-upload hvpatch upload xen_hello_world $hello
step s1-apply hvpatch apply xen_hello_world
step s1-revert hvpatch revert xen_hello_world
step s1-reapply hvpatch apply xen_hello_world
step s1-unload hvpatch unload xen_hello_world
step s1-unload-again hvpatch unload xen_hello_world
step s1-load hvpatch load $hello

# 2. bye stacked on hello; hello cannot be reverted from under it.
step s2-upload-bye hvpatch upload xen_bye_world $bye
step s2-apply-bye hvpatch apply xen_bye_world
step s2-revert-hello hvpatch revert xen_hello_world
step s2-revert-bye hvpatch revert xen_bye_world
step s2-revert-hello-2 hvpatch revert xen_hello_world

# 3. replace the stack hello+bye with one payload.
step s3-unload-bye hvpatch unload xen_bye_world
step s3-unload-hello hvpatch unload xen_hello_world
step s3-load-hello hvpatch load $hello
step s3-load-bye hvpatch load $bye
step s3-upload-again hvpatch upload xen_replace_world $again
step s3-replace hvpatch replace xen_replace_world
step s3-apply-hello hvpatch apply xen_hello_world
step s3-apply-bye hvpatch apply xen_bye_world
step s3-unload-bye hvpatch unload xen_bye_world
step s3-unload-hello hvpatch unload xen_hello_world
step s3-revert-again hvpatch revert xen_replace_world
step s3-unload-again hvpatch unload xen_replace_world

# 4. nop, negatives, a 1 ns rendezvous bound, duplicates, unload while applied.
step s4-load-nop hvpatch load $P/xen_nop.livepatch
step s4-revert-nop hvpatch revert xen_nop
step s4-unload-nop hvpatch unload xen_nop
for n in xen_bad_hv_buildid xen_no_buildid xen_too_small xen_nopatch xen_preapply_fail; do
	step "s4-neg-$n" hvpatch load $P/$n.livepatch
	# Refused at apply: it was uploaded; unload it so the list is as before.
	hvpatch unload $n > /dev/null 2>&1
	step "s4-neg-$n-after" true
done
step s4-upload-hello hvpatch upload xen_hello_world $hello
step s4-timeout hvpatch apply --timeout-ns 1 xen_hello_world
step s4-duplicate hvpatch upload xen_hello_world $hello
step s4-apply hvpatch apply xen_hello_world
step s4-unload-applied hvpatch unload xen_hello_world
step s4-revert hvpatch revert xen_hello_world
step s4-unload hvpatch unload xen_hello_world
step s4-usage hvpatch apply
step s4-no-such hvpatch apply xen_nothere
step s4-end true

touch /tmp/stop
wait
echo "hvtest-livepatch: done"
