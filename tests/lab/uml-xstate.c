/*
 * uml-xstate.c - LD_PRELOAD shim for linux.uml on hosts with a large XSAVE area.
 *
 * User-mode Linux 6.1 saves a process's extended FPU state with PTRACE_GETREGSET
 * (NT_X86_XSTATE) into a buffer sized for the state it knows (x87, SSE, AVX) and writes it
 * back with PTRACE_SETREGSET.  The host kernel truncates the read but refuses (EFAULT) any
 * write that is not exactly the host's full XSAVE size, which on CPUs with AMX is much larger:
 * the first process then dies with "ptrace set fp regs failed, errno = 14" and the kernel
 * panics.  Falling back to PTRACE_SETFPREGS is not an answer either: it loses the AVX-512
 * state that the C library's string functions rely on.
 *
 * The shim completes a short write: it reads the full current state of the traced process,
 * lays the caller's bytes over its start and writes the full buffer.  Components beyond the
 * caller's buffer keep the values the process already holds.  Where the sizes match (hosts
 * without the large components), it passes every call through unchanged.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define XSTATE_MAX	65536

typedef long (*ptrace_fn)(int, pid_t, void *, void *);

long	ptrace(enum __ptrace_request, ...);

static ptrace_fn real_ptrace;
static unsigned char *xbuf;
static size_t xfull;

static long
setregset_full(pid_t pid, void *addr, struct iovec *iov)
{
	struct iovec big;

	/* Sizes known to match (hosts without the large components): nothing to do. */
	if (xfull != 0 && iov->iov_len >= xfull)
		return real_ptrace(PTRACE_SETREGSET, pid, addr, iov);
	if (xbuf == NULL && (xbuf = calloc(1, XSTATE_MAX)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	/* The first read with a large buffer tells the host's full size. */
	big.iov_base = xbuf;
	big.iov_len = xfull ? xfull : XSTATE_MAX;
	if (real_ptrace(PTRACE_GETREGSET, pid, addr, &big) == -1)
		return -1;
	xfull = big.iov_len;
	if (iov->iov_len >= xfull)
		return real_ptrace(PTRACE_SETREGSET, pid, addr, iov);
	memcpy(xbuf, iov->iov_base, iov->iov_len);
	return real_ptrace(PTRACE_SETREGSET, pid, addr, &big);
}

long
ptrace(enum __ptrace_request req, ...)
{
	va_list ap;
	pid_t pid;
	void *addr, *data;

	va_start(ap, req);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);

	if (real_ptrace == NULL &&
	    (real_ptrace = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace")) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if (req == PTRACE_SETREGSET && (unsigned long)addr == NT_X86_XSTATE && data != NULL)
		return setregset_full(pid, addr, data);
	return real_ptrace(req, pid, addr, data);
}
