/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NFS on the analysed host: which versions its server serves, and the
 * NFS mounts it has (/proc/self/mountinfo) or will make (/etc/fstab).
 * NFSv2 and v3 need rpcbind (mountd, lockd and statd are found through
 * it); NFSv4 does not. */
#ifndef PORTGUARD_NFS_H
#define PORTGUARD_NFS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/paths.h"
#include "services/portmapper/exports.h"

#define NFS_TEXT_MAX 256

struct nfs_server_versions {
	bool v2, v3, v4;
	bool kernel;		/* from /proc/fs/nfsd/versions: nfsd is loaded */
	bool threads_known;
	unsigned int threads;	/* /proc/fs/nfsd/threads: 0 = not serving */
	char source[NFS_TEXT_MAX];	/* where v2/v3 was decided, e.g. "/etc/nfs.conf:4" */
};

/* The running kernel's choice (/proc/fs/nfsd/versions) when nfsd is
 * loaded; otherwise what /etc/nfs.conf [nfsd] vers2=/vers3= will give at
 * the next start, with nfs-utils' defaults (v2 off, v3 and v4 on). */
int nfs_server_versions_read(const struct host *host, struct nfs_server_versions *ret_versions,
			     struct error_record *ret_error);
/* "-2 +3 +4 +4.1 +4.2": returns 0 or -EINVAL. */
int nfs_nfsd_versions_parse(const char *text, struct nfs_server_versions *versions);
/* Applies [nfsd] vers2=, vers3=, vers4= of an nfs.conf text. */
int nfs_conf_parse(const char *text, size_t length, const char *file_name, struct nfs_server_versions *versions,
		   struct error_record *ret_error);

struct nfs_mount {
	char file[EXPORT_FILE_MAX];	/* /proc/self/mountinfo or /etc/fstab */
	unsigned int line;
	bool from_fstab;
	char source[NFS_TEXT_MAX];	/* server:/export */
	char mount_point[NFS_TEXT_MAX];
	char server[NFS_TEXT_MAX];	/* addr= when the kernel says, else the host part of source */
	unsigned int version;		/* 2, 3, 4; 0 when fstab names none */
	bool nolock;			/* no NLM locking, so no statd */
};

struct nfs_mount_list {
	struct nfs_mount *items;
	size_t count;
	size_t capacity;
};

/* Every nfs/nfs4 mount of mountinfo, then the fstab entries that are not
 * mounted now (mountinfo shows the version actually negotiated). */
int nfs_mounts_read(const struct host *host, struct nfs_mount_list *ret_list, struct error_record *ret_error);
int nfs_mountinfo_parse(const char *text, size_t length, const char *file_name, struct nfs_mount_list *list,
			struct error_record *ret_error);
int nfs_fstab_parse(const char *text, size_t length, const char *file_name, struct nfs_mount_list *list,
		    struct error_record *ret_error);
void nfs_mount_list_free(struct nfs_mount_list *list);

/* true when the mount needs the local rpcbind: v2/v3 with locking. A
 * version left to negotiation counts as v4, which kernels try first. */
bool nfs_mount_needs_rpcbind(const struct nfs_mount *mount);

#endif
