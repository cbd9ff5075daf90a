#!/bin/sh
# Sizes of the hypervisor functions the payloads patch, from nm.
# Usage: mkconfig.sh build/hv-syms > config.h
set -eu
echo "/* generated from $1 by tests/hv/payloads/mkconfig.sh */"
LC_ALL=C nm --print-size "$1" | awk '
$4 == "xen_extra_version" { print "#define XEN_EXTRA_VERSION_SIZE 0x" $2 }
$4 == "xen_nop_probe"     { print "#define XEN_NOP_PROBE_SIZE 0x" $2
                            print "#define XEN_NOP_PROBE_ADDR 0x" $1 }
$4 == "xen_tiny"          { print "#define XEN_TINY_SIZE 0x" $2 }
$4 == "lp_check_for_work" { print "#define LP_CHECK_FOR_WORK_SIZE 0x" $2 }'
