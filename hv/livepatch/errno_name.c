/*
 * Indexed by errno value. tests/unit/test_errno_name.c checks that every
 * errno of hv/errno.h (all the hypervisor can return) has its name here
 * and that each name is the C library's for that value.
 */
#include "compat.h"
#include "errno_name.h"

#define NAME(e) [e] = #e

static const char *const names[] = {
	NAME(EPERM), NAME(ENOENT), NAME(ESRCH), NAME(EINTR), NAME(EIO), NAME(ENXIO),
	NAME(E2BIG), NAME(ENOEXEC), NAME(EBADF), NAME(EAGAIN), NAME(ENOMEM), NAME(EACCES),
	NAME(EFAULT), NAME(EBUSY), NAME(EEXIST), NAME(EXDEV), NAME(ENODEV), NAME(EINVAL),
	NAME(ENOSPC), NAME(ERANGE), NAME(ENAMETOOLONG), NAME(ENOSYS), NAME(ENOTEMPTY),
	NAME(ENOMSG), NAME(ENODATA), NAME(ETIME), NAME(ENOLINK), NAME(EPROTO), NAME(EBADMSG),
	NAME(EOVERFLOW), NAME(ENOTUNIQ), NAME(EILSEQ), NAME(EMSGSIZE), NAME(EOPNOTSUPP),
	NAME(ETIMEDOUT), NAME(EALREADY), NAME(ESTALE), NAME(ECANCELED), NAME(ENOKEY),
	NAME(ENOTRECOVERABLE),
	/* Not all in hv/errno.h: each is named as soon as it is added there. */
#ifdef ECHILD
	NAME(ECHILD),
#endif
#ifdef ENOTBLK
	NAME(ENOTBLK),
#endif
#ifdef ENOTDIR
	NAME(ENOTDIR),
#endif
#ifdef EISDIR
	NAME(EISDIR),
#endif
#ifdef ENFILE
	NAME(ENFILE),
#endif
#ifdef EMFILE
	NAME(EMFILE),
#endif
#ifdef ENOTTY
	NAME(ENOTTY),
#endif
#ifdef ETXTBSY
	NAME(ETXTBSY),
#endif
#ifdef EFBIG
	NAME(EFBIG),
#endif
#ifdef ESPIPE
	NAME(ESPIPE),
#endif
#ifdef EROFS
	NAME(EROFS),
#endif
#ifdef EMLINK
	NAME(EMLINK),
#endif
#ifdef EPIPE
	NAME(EPIPE),
#endif
#ifdef EDOM
	NAME(EDOM),
#endif
#ifdef EDEADLK
	NAME(EDEADLK),
#endif
#ifdef ENOLCK
	NAME(ENOLCK),
#endif
#ifdef ELOOP
	NAME(ELOOP),
#endif
#ifdef ENOBUFS
	NAME(ENOBUFS),
#endif
#ifdef EINPROGRESS
	NAME(EINPROGRESS),
#endif
#ifdef EREMOTEIO
	NAME(EREMOTEIO),
#endif
#ifdef EDQUOT
	NAME(EDQUOT),
#endif
#ifdef EKEYREJECTED
	NAME(EKEYREJECTED),
#endif
};

const char *lp_errno_name(int rc)
{
	unsigned e = rc < 0 ? 0u - (unsigned)rc : 0;

	if (e && e < LP_ARRAY_SIZE(names) && names[e])
		return names[e];
	return "unknown";
}
