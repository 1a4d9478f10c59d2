/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "systemd/libsystemd.h"

#define LIBSYSTEMD_DEFINE(name) __typeof__(name) *sym_##name;
LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_DEFINE)
#undef LIBSYSTEMD_DEFINE

/* The first load's result, which every later call returns: 1 not yet
 * tried, else 0 or the negative errno. */
static int load_result = 1;
static char load_error[512];

/* dlsym() answers a void *, which POSIX lets stand for a function:
 * its bytes are copied into the typed pointer, which is not written as
 * a void * object. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "a function pointer is as wide as void *");
#define LIBSYSTEMD_LOOK_UP(name) { #name, &sym_##name },

static const struct {
	const char *name;
	void *storage;
} symbols[] = {
	LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_LOOK_UP)
};
#undef LIBSYSTEMD_LOOK_UP

static void forget_symbols(void)
{
#define LIBSYSTEMD_FORGET(name) sym_##name = NULL;
	LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_FORGET)
#undef LIBSYSTEMD_FORGET
}

static int open_library(void)
{
	/* Never closed: NODELETE keeps it mapped even if some dlclose()
	 * came, as the sd-event and sd-bus objects live to the exit. */
	void *library = dlopen(LIBSYSTEMD_SONAME, RTLD_NOW | RTLD_NODELETE);

	if (!library) {
		snprintf(load_error, sizeof(load_error), "cannot load %s (%s); install the libsystemd0 package",
			 LIBSYSTEMD_SONAME, dlerror());
		return -ELIBACC;
	}
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		void *address = dlsym(library, symbols[i].name);

		if (!address) {
			snprintf(load_error, sizeof(load_error), "%s lacks %s; install libsystemd0 %d or newer",
				 LIBSYSTEMD_SONAME, symbols[i].name, LIBSYSTEMD_VERSION_MIN);
			forget_symbols();
			return -ELIBBAD;
		}
		memcpy(symbols[i].storage, &address, sizeof(address));
	}
	return 0;
}

int libsystemd_load(void)
{
	if (load_result > 0)
		load_result = open_library();
	return load_result;
}

const char *libsystemd_load_error(void)
{
	return load_error;
}
