/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scope-bound cleanup, as systemd's code uses it with the *_unrefp and
 * *_freep helpers that sd-bus.h ships. */
#ifndef PORTGUARD_CLEANUP_H
#define PORTGUARD_CLEANUP_H

#define _cleanup_(function) __attribute__((cleanup(function)))

#endif
