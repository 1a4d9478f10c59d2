/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the host files assess reads: exports(5),
 * securenets, mountinfo, fstab, nfs.conf, /proc/fs/nfsd/versions.
 * tests/unit/test_exports links it too and replays
 * tests/fixtures/exports/corpus through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "services/portmapper/exports.h"
#include "services/portmapper/nfs.h"
#include "services/portmapper/nis.h"
#include "model/cidr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct export_list exports = { 0 };
	struct nfs_mount_list mounts = { 0 };
	struct nfs_server_versions versions = { 0 };
	struct cidr_list networks = { 0 };
	struct error_record error;
	char *terminated = malloc(size + 1);

	if (!terminated)
		return 0;
	memcpy(terminated, data, size);
	terminated[size] = '\0';
	if (exports_parse(text, size, "/etc/exports", &exports, &error) < 0 && exports.count != 0)
		abort();	/* a refused file leaves nothing behind */
	export_list_free(&exports);
	nis_securenets_parse(text, size, "/var/yp/securenets", &networks, &error);
	cidr_list_normalize(&networks);
	cidr_list_free(&networks);
	nfs_mountinfo_parse(text, size, "/proc/self/mountinfo", &mounts, &error);
	nfs_fstab_parse(text, size, "/etc/fstab", &mounts, &error);
	for (size_t i = 0; i < mounts.count; i++)
		nfs_mount_needs_rpcbind(&mounts.items[i]);
	nfs_mount_list_free(&mounts);
	nfs_conf_parse(text, size, "/etc/nfs.conf", &versions, &error);
	nfs_nfsd_versions_parse(terminated, &versions);
	free(terminated);
	return 0;
}
