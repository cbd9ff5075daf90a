#!/bin/sh
# dom0 triple-faults on purpose (hvprobe's triple_fault): the hypervisor
# must log dom0's state, stop it, and carry on (tests/hv/test-dom0.sh).
insmod /usr/lib/hvtest/hvprobe.ko && echo triple_fault > /sys/module/hvprobe/parameters/action
echo "hvtest-shutdown: still alive (must not happen)"
