/* SPDX-License-Identifier: GPL-2.0-or-later */
/* units/portguard-restore.service and
 * units/nftables.service.d/portguard.conf, compiled in
 * (boot_unit.c is generated at build time): fix installs them where no
 * package did, so the restriction survives a reboot and a restart of
 * nftables.service however portguard was installed. */
#ifndef PORTGUARD_BOOT_UNIT_H
#define PORTGUARD_BOOT_UNIT_H

extern const char boot_unit_text[];
extern const char boot_unit_nftables_dropin[];

#endif
