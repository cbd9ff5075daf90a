/*
 * The hypervisor's command-line parser, compiled into the stub too, so
 * both read options= the same way (the stub is built with its own ABI
 * and flags, hence a separate compilation of the one source).
 */
#include "../cmdline_parse.c"
