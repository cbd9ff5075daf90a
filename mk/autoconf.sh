#!/bin/sh
# .config on stdin -> C header on stdout (CONFIG_X=y -> #define CONFIG_X 1).
set -eu
echo "/* generated from .config by mk/autoconf.sh: do not edit */"
echo "#ifndef HV_AUTOCONF_H"
echo "#define HV_AUTOCONF_H"
sed -n \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=y$/#define \1 1/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=m$/#define \1_MODULE 1/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(".*"\)$/#define \1 \2/p' \
	-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\([-0-9x][0-9a-fA-Fx]*\)$/#define \1 \2/p'
echo "#endif"
