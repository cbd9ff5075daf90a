/* Bounds of the hypervisor image, from the linker script (hv/hv.lds). */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

extern char _stext[], _etext[], __nopatch_start[], __nopatch_end[];
extern char _srodata[], _erodata[], _sdata[], _end[];
extern char __note_gnu_build_id_start[], __note_gnu_build_id_end[];

#endif
