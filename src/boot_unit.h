/* contrib/systemd/portguard-restore.service, compiled in (boot_unit.c is
 * generated at build time): fix installs it where no package did, so
 * the restriction survives a reboot however portguard was installed. */
#ifndef PORTGUARD_BOOT_UNIT_H
#define PORTGUARD_BOOT_UNIT_H

extern const char boot_unit_text[];

#endif
