/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of services (adding one is one folder and one line here),
 * and what every service shares: its answer copied and freed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nft/nft_ruleset.h"
#include "services/chargen/chargen.h"
#include "services/cldap/cldap.h"
#include "services/consumer.h"
#include "services/dns/dns.h"
#include "services/ipmi/ipmi.h"
#include "services/mdns/mdns.h"
#include "services/memcached/memcached.h"
#include "services/netbios/netbios.h"
#include "services/ntp/ntp.h"
#include "services/portmapper/portmapper.h"
#include "services/service.h"
#include "services/snmp/snmp.h"
#include "services/ssdp/ssdp.h"
#include "services/tftp/tftp.h"
#include "services/wsd/wsd.h"

static const struct service *const services[] = {
	&portmapper_service,
	&mdns_service,
	&snmp_service,
	&ntp_service,
	&memcached_service,
	&netbios_service,
	&ssdp_service,
	&chargen_service,
	&tftp_service,
	&wsd_service,
	&dns_service,
	&cldap_service,
	&ipmi_service,
};

_Static_assert(sizeof(services) / sizeof(services[0]) <= SERVICES_MAX, "SERVICES_MAX is too small");

size_t service_count(void)
{
	return sizeof(services) / sizeof(services[0]);
}

const struct service *service_at(size_t index)
{
	return index < service_count() ? services[index] : NULL;
}

bool service_uses(const struct service *service, enum transport transport)
{
	for (size_t i = 0; i < service->port_count; i++)
		if (service->ports[i].transport == transport)
			return true;
	return false;
}

void service_nft_shape(const struct service *service, struct nft_shape *ret_shape)
{
	bool tcp = service_uses(service, TRANSPORT_TCP), udp = service_uses(service, TRANSPORT_UDP);

	*ret_shape = (struct nft_shape){ 0 };
	if (service != service_default())
		snprintf(ret_shape->set_prefix, sizeof(ret_shape->set_prefix), "%s_", service->name);
	ret_shape->transports = tcp && udp ? NFT_TRANSPORTS_TCP_AND_UDP : udp ? NFT_TRANSPORTS_UDP : NFT_TRANSPORTS_TCP;
	if (service->restrict_filter)
		ret_shape->first_byte = (struct nft_first_byte){ .present = true, .mask = service->restrict_filter->mask,
								 .value = service->restrict_filter->value };
}

size_t service_nft_shapes(struct nft_shape *ret_shapes)
{
	for (size_t i = 0; i < service_count(); i++)
		service_nft_shape(service_at(i), &ret_shapes[i]);
	return service_count();
}

const struct service *service_of_set_prefix(const char *set_prefix)
{
	struct nft_shape shape;

	for (size_t i = 0; i < service_count(); i++) {
		service_nft_shape(service_at(i), &shape);
		if (strcmp(shape.set_prefix, set_prefix) == 0)
			return service_at(i);
	}
	return NULL;
}

uint16_t service_port(const struct service *service)
{
	return service->ports[0].port;
}

bool service_names(const struct service *service, const char *name)
{
	for (const char *const *process = service->processes; *process; process++)
		if (strncmp(name, *process, strlen(*process)) == 0)
			return true;
	return false;
}

bool service_owns_unit(const struct service *service, const char *unit)
{
	return (service->socket_unit && strcmp(unit, service->socket_unit) == 0) ||
	       strcmp(unit, service->service_unit) == 0;
}

const struct consumer_kind *service_consumer_kind(const struct service *service, const char *name)
{
	for (const struct consumer_kind *const *kind = service->consumer_kinds; name && kind && *kind; kind++)
		if (strcmp((*kind)->name, name) == 0)
			return *kind;
	return NULL;
}

const struct evidence_source *service_evidence_source(const struct service *service, const char *name)
{
	for (const struct evidence_source *const *source = service->evidence_sources; name && source && *source; source++)
		if (strcmp((*source)->name, name) == 0)
			return *source;
	return NULL;
}

const struct service *service_find(const char *name)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (strcmp(services[i]->name, name) == 0)
			return services[i];
	return NULL;
}

const struct service *service_default(void)
{
	return &portmapper_service;
}

int service_answer_copy(const struct service_answer *from, struct service_answer *ret_copy)
{
	*ret_copy = *from;
	ret_copy->detail = NULL;
	if (!from->detail)
		return 0;
	if (from->probe->detail_size) {
		ret_copy->detail = malloc(from->probe->detail_size);
		if (ret_copy->detail)
			memcpy(ret_copy->detail, from->detail, from->probe->detail_size);
	} else if (from->probe->detail_copy(from->detail, &ret_copy->detail) < 0) {
		ret_copy->detail = NULL;
	}
	if (!ret_copy->detail) {
		*ret_copy = (struct service_answer){ 0 };
		return -ENOMEM;
	}
	return 0;
}

void service_answer_free(struct service_answer *answer)
{
	if (answer->detail && answer->probe->detail_size)
		free(answer->detail);
	else if (answer->detail)
		answer->probe->detail_free(answer->detail);
	answer->detail = NULL;
}

json_t *service_answer_json_sizes(json_t *object, const struct service_answer *answer, json_t *reachable)
{
	if (!object || (reachable && (json_object_set_new(object, "reachable", reachable) < 0 ||
				      json_object_set_new(object, "address", json_string(answer->peer)) < 0)) ||
	    json_object_set_new(object, "request_bytes", json_integer((json_int_t)answer->request_bytes)) < 0 ||
	    json_object_set_new(object, "reply_bytes", json_integer((json_int_t)answer->reply_bytes)) < 0 ||
	    json_object_set_new(object, "amplification", json_real(answer->amplification)) < 0) {
		if (!object)
			json_decref(reachable);
		json_decref(object);
		return NULL;
	}
	return object;
}

json_t *service_probe_json_udp(json_t *detail, const struct service_answer *answer, bool open)
{
	json_t *udp = service_answer_json_sizes(detail, answer, NULL);

	if (!udp || json_object_set_new(udp, "open", json_boolean(open)) < 0) {
		json_decref(udp);
		return NULL;
	}
	return json_pack("{s:o}", "udp", udp);
}

bool service_address_open(const struct service_probe *probe, const struct service_address_answer *item)
{
	return !item->unreachable && probe->answer_open(&item->answer);
}

void service_address_list_free(struct service_address_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		service_answer_free(&list->items[i].answer);
	free(list->items);
	*list = (struct service_address_list){ 0 };
}
