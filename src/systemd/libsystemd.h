/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libsystemd, opened with dlopen() when a run first needs it, the way
 * systemd loads its own optional libraries. Linked, it would cost every
 * start of portguard the loader's work for it and its dependencies
 * (libgcrypt, liblzma, libzstd, liblz4, libcap), also the runs that never
 * ask systemd anything: --version, check on a host without systemd.
 *
 * Each function portguard calls is reached through its pointer
 * sym_<name>, typed from libsystemd's own headers, NULL until
 * libsystemd_load() succeeded. A module calls libsystemd_load() before
 * its first sym_ call (manager_bus_open() does for every bus user), so
 * that a library that cannot be loaded is a negative errno, never a call
 * through NULL. */
#ifndef PORTGUARD_LIBSYSTEMD_H
#define PORTGUARD_LIBSYSTEMD_H

#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>
#include <systemd/sd-journal.h>

#define LIBSYSTEMD_SONAME "libsystemd.so.0"
/* Newest symbol below: sd_event_add_time_relative (LIBSYSTEMD_247). */
#define LIBSYSTEMD_VERSION_MIN 247

/* Every function portguard calls; X(name) for each. */
#define LIBSYSTEMD_SYMBOLS(X) \
	X(sd_bus_attach_event) \
	X(sd_bus_call) \
	X(sd_bus_call_method) \
	X(sd_bus_detach_event) \
	X(sd_bus_error_free) \
	X(sd_bus_error_has_name) \
	X(sd_bus_error_is_set) \
	X(sd_bus_flush_close_unref) \
	X(sd_bus_get_property) \
	X(sd_bus_get_property_string) \
	X(sd_bus_get_property_strv) \
	X(sd_bus_is_bus_client) \
	X(sd_bus_match_signal) \
	X(sd_bus_message_append) \
	X(sd_bus_message_append_strv) \
	X(sd_bus_message_enter_container) \
	X(sd_bus_message_new_method_call) \
	X(sd_bus_message_read) \
	X(sd_bus_message_skip) \
	X(sd_bus_message_unref) \
	X(sd_bus_new) \
	X(sd_bus_open_system) \
	X(sd_bus_path_encode) \
	X(sd_bus_process) \
	X(sd_bus_set_address) \
	X(sd_bus_set_method_call_timeout) \
	X(sd_bus_slot_unref) \
	X(sd_bus_start) \
	X(sd_bus_unref) \
	X(sd_bus_wait) \
	X(sd_event_add_io) \
	X(sd_event_add_signal) \
	X(sd_event_add_time_relative) \
	X(sd_event_default) \
	X(sd_event_exit) \
	X(sd_event_loop) \
	X(sd_event_now) \
	X(sd_event_source_get_enabled) \
	X(sd_event_source_get_time) \
	X(sd_event_source_set_enabled) \
	X(sd_event_source_set_time) \
	X(sd_event_source_unref) \
	X(sd_event_unref) \
	X(sd_journal_send_with_location) \
	X(sd_notify) \
	X(sd_notifyf)

#define LIBSYSTEMD_DECLARE(name) extern __typeof__(name) *sym_##name;
LIBSYSTEMD_SYMBOLS(LIBSYSTEMD_DECLARE)
#undef LIBSYSTEMD_DECLARE

/* Opens libsystemd.so.0 and looks up every symbol above. Idempotent:
 * later calls return the first one's result. 0; -ELIBACC when the
 * library cannot be opened, -ELIBBAD when it lacks a symbol (older than
 * LIBSYSTEMD_VERSION_MIN). Then no pointer is set. */
int libsystemd_load(void);

/* After a failed libsystemd_load(): the cause and the remedy as one line
 * for the user ("cannot load libsystemd.so.0 (...); install ..."); ""
 * before. */
const char *libsystemd_load_error(void);

/* sd-bus.h's cleanups call libsystemd's symbols by name, which portguard
 * does not link: these call the loaded ones. Nothing to free needs no
 * library, so they also run safely on the way out of a failed load. */
static inline void sym_sd_bus_error_freep(sd_bus_error *error)
{
	if (error->name || error->message)
		sym_sd_bus_error_free(error);
}

static inline void sym_sd_bus_message_unrefp(sd_bus_message **message)
{
	if (*message)
		sym_sd_bus_message_unref(*message);
}

static inline void sym_sd_bus_slot_unrefp(sd_bus_slot **slot)
{
	if (*slot)
		sym_sd_bus_slot_unref(*slot);
}

static inline void sym_sd_bus_flush_close_unrefp(sd_bus **bus)
{
	if (*bus)
		sym_sd_bus_flush_close_unref(*bus);
}

#endif
