#!/bin/sh
# dom0 under the hypervisor booted with livepatch=xen_hello_world.livepatch
# (hvtest=livepatch-boot): issue 8's step 5, the boot-time list and runtime
# actions compose. Same hvtest-step lines as livepatch.sh.
P=/usr/lib/hvpatch
extra() { hvinfo | sed -n 's/^hv_extra *: //p'; }
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
step s5-boot true
step s5-load-bye hvpatch load $P/xen_bye_world.livepatch
step s5-revert-bye hvpatch revert xen_bye_world
step s5-unload-bye hvpatch unload xen_bye_world
step s5-revert-hello hvpatch revert xen_hello_world
step s5-unload-hello hvpatch unload xen_hello_world
echo "hvtest-livepatch-boot: done"
