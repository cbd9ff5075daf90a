#!/bin/sh
# dom0 under the hypervisor (hvtest=hvinfo): hvinfo, hvinfo dmesg, a user
# mode VMMCALL and the module's and hypervisor's refusals. Prints hvtest-*
# lines the host side asserts on; never stops on a failure.
hvinfo
echo "hvtest-hvinfo: exit $?"
hvinfo dmesg > /tmp/dmesg
echo "hvtest-dmesg: exit $? lines $(wc -l < /tmp/dmesg)"
head -n 20 /tmp/dmesg
/usr/lib/hvtest/hvcall-user
echo "hvtest-user: exit $?"
# A range the hypervisor owns, as it logged it: the first one above 1 MiB.
hvaddr=$(sed -n 's/^(HV) hvmem: \[\(0x[0-9a-f]*\),.*/\1/p' /tmp/dmesg |
	while read -r a; do [ $((a)) -ge $((0x100000)) ] && echo "$a" && break; done)
echo "hvtest-hvaddr: ${hvaddr:-none}"
/usr/lib/hvtest/hvctl-check $hvaddr
echo "hvtest-check: exit $?"
# Still answering after the refusals.
hvinfo | grep build_id
echo "hvtest-again: exit $?"
