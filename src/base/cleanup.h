/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scope-bound cleanup, as systemd's code uses it with *_unrefp and
 * *_freep helpers (sd-bus's are in systemd/libsystemd.h):
 * _cleanup_free_ char *text, _cleanup_close_ int fd,
 * _cleanup_fclose_ FILE *f. An owner that hands
 * its value on says so with TAKE_PTR()/TAKE_FD(), which leave NULL or
 * -1 behind for the cleanup to skip. */
#ifndef PORTGUARD_CLEANUP_H
#define PORTGUARD_CLEANUP_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(function) __attribute__((cleanup(function)))

static inline void freep(void *pointer)
{
	free(*(void **)pointer);
}

/* close() keeps errno: a cleanup runs after the value to return was
 * taken from it. */
static inline void closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

static inline void fclosep(FILE **file)
{
	if (*file) {
		int saved = errno;

		fclose(*file);
		errno = saved;
	}
}

/* funcp() for a library's destructor that does not take NULL. */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)	\
	static inline void func##p(type *pointer)	\
	{						\
		if (*pointer)				\
			func(*pointer);			\
	}

DEFINE_TRIVIAL_CLEANUP_FUNC(DIR *, closedir)

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* The value, and the variable left empty. */
#define TAKE_GENERIC(variable, type, empty)		\
	({						\
		type *_take_at = &(variable);		\
		type _taken = *_take_at;		\
		*_take_at = (empty);			\
		_taken;					\
	})
#define TAKE_PTR(pointer) TAKE_GENERIC(pointer, __typeof__(pointer), NULL)
#define TAKE_FD(fd) TAKE_GENERIC(fd, int, -1)
/* A struct whose destructor takes a zeroed one. */
#define TAKE_STRUCT(value) TAKE_GENERIC(value, __typeof__(value), (__typeof__(value)){ 0 })

#endif
