#!/bin/sh
# `make bench` (tests/hv/bench-dom0.sh): when did init start, by dom0's own clock.
echo "hvtest-bench: uptime $(cut -d' ' -f1 /proc/uptime)"
