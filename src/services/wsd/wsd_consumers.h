/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs wsdd: the Windows clients that browse a Samba file server's
 * shares (smb.conf defines a share and smbd runs). The networks they
 * come from: those of the interfaces wsdd serves (WSDD_PARAMS' -i in
 * /etc/default/wsdd), else smb.conf's [global] hosts allow, else its
 * interfaces. Notes say when no share or no smbd needs it, and the
 * change of WSDD_PARAMS an owner may prefer. smb.conf is read and its
 * networks derived as for netbios (services/smb_conf_consumer.h). */
#ifndef PORTGUARD_WSD_CONSUMERS_H
#define PORTGUARD_WSD_CONSUMERS_H

#include <net/if.h>

#include "services/consumer.h"
#include "services/service.h"
#include "services/smb_conf.h"

#define WSD_PATH_DEFAULTS "/etc/default/wsdd"
#define WSD_PATH_SMB_CONF SMB_CONF_PATH
#define WSD_INTERFACES_MAX 16
#define WSD_VALUE_MAX 512

extern const struct consumer_kind wsd_kind_windows_clients;
extern const struct consumer_kind *const wsd_consumer_kinds[];

/* file:line defines share subject; smbd runs as pid; object names where
 * the networks come from ("wsdd -i eth1", "hosts allow = 10.0.0.0/24") */
extern const struct evidence_source wsd_source_share;
extern const struct evidence_source *const wsd_evidence_sources[];

/* WSDD_PARAMS of /etc/default/wsdd, its quotes taken off. */
struct wsd_params {
	unsigned int line;		/* 0: not set */
	char value[WSD_VALUE_MAX];
	char interfaces[WSD_INTERFACES_MAX][IF_NAMESIZE + 40];	/* -i/--interface: a name or an address */
	size_t interface_count;
	bool interfaces_cut;		/* more than WSD_INTERFACES_MAX, or one too long */
};

/* Parses the text (pure). Returns 0 or -EBADMSG for binary data or a
 * line too long. */
int wsd_params_parse(const char *text, size_t length, struct wsd_params *ret_params);

int wsd_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error);

#endif
