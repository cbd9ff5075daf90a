#!/bin/sh
# dom0's kernel booted directly by QEMU, no hypervisor (hvtest=nohv): the
# module loads, /dev/hvctl exists (root only), every refusal holds, and
# calls fail cleanly with ENODEV instead of a VMMCALL that would #UD.
# Prints hvtest-* lines tests/dom0/test-nohv.sh asserts on.
grep -q '^hvctl ' /proc/modules && echo "hvtest-module: loaded"
[ -c /dev/hvctl ] && echo "hvtest-dev: $(stat -c '%a %u' /dev/hvctl)"
hvinfo
echo "hvtest-hvinfo: exit $?"
hvinfo dmesg
echo "hvtest-dmesg: exit $?"
hvinfo bogus 2>/dev/null
echo "hvtest-usage: exit $?"
hvinfo --help | grep -c '^  [0-9]  '
/usr/lib/hvtest/hvcall-user
echo "hvtest-user: exit $?"
/usr/lib/hvtest/hvcall-user --force
echo "hvtest-user-force: exit $?"
/usr/lib/hvtest/hvctl-check
echo "hvtest-check: exit $?"
rmmod hvctl && [ ! -e /dev/hvctl ] && echo "hvtest-rmmod: done"
hvinfo
echo "hvtest-nomodule: exit $?"
