/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's Probe and its matches by hand: an element is found by
 * its local name between two offsets of the datagram, its start tag
 * read to its '>' (quotes respected), its content to the end tag of the
 * same name; every offset is checked against the end before it is
 * read. Nesting is not tracked: each search is bounded by its parent's
 * content, and the texts read are leaves that hold no '<'. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "services/wsd/wsd_wire.h"

static const char probe_before[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	"<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\""
	" xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
	" xmlns:wsd=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
	" xmlns:wsdp=\"http://schemas.xmlsoap.org/ws/2006/02/devprof\">"
	"<soap:Header><wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>"
	"<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>"
	"<wsa:MessageID>urn:uuid:";
static const char probe_after[] =
	"</wsa:MessageID></soap:Header>"
	"<soap:Body><wsd:Probe><wsd:Types>wsdp:Device</wsd:Types></wsd:Probe></soap:Body></soap:Envelope>";

_Static_assert(sizeof(probe_before) - 1 + WSD_UUID_TEXT + sizeof(probe_after) - 1 == WSD_PROBE_BYTES,
	       "WSD_PROBE_BYTES is the Probe's size");

void wsd_uuid_format(const uint8_t random[16], char text[WSD_UUID_TEXT + 1])
{
	uint8_t bytes[16];
	size_t at = 0;

	memcpy(bytes, random, sizeof(bytes));
	bytes[6] = (uint8_t)((bytes[6] & 0x0f) | 0x40);
	bytes[8] = (uint8_t)((bytes[8] & 0x3f) | 0x80);
	for (size_t i = 0; i < sizeof(bytes); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			text[at++] = '-';
		snprintf(text + at, 3, "%02x", bytes[i]);
		at += 2;
	}
	text[at] = '\0';
}

static bool uuid_valid(const char *uuid)
{
	for (size_t i = 0; i < WSD_UUID_TEXT; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = uuid[i];

		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return uuid[WSD_UUID_TEXT] == '\0';
}

int wsd_probe_encode(const char *uuid, uint8_t *buffer, size_t size)
{
	size_t before = sizeof(probe_before) - 1, after = sizeof(probe_after) - 1;
	size_t length = before + WSD_UUID_TEXT + after;

	if (!uuid || strnlen(uuid, WSD_UUID_TEXT + 1) != WSD_UUID_TEXT || !uuid_valid(uuid))
		return -EINVAL;
	if (size < length)
		return -ENOBUFS;
	memcpy(buffer, probe_before, before);
	memcpy(buffer + before, uuid, WSD_UUID_TEXT);
	memcpy(buffer + before + WSD_UUID_TEXT, probe_after, after);
	return (int)length;
}

struct span {
	size_t start, end;	/* content: [start, end) */
};

static bool name_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.' || c == ':';
}

static bool blank(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The end of a comment or declaration that starts at at ("<!--", "<?",
 * "<!"): the offset after it, or 0 when it is not ended before end. */
static size_t skip_markup(const uint8_t *x, size_t at, size_t end)
{
	const char *close = "-->";
	size_t close_length = 3;

	if (end - at >= 4 && memcmp(x + at, "<!--", 4) == 0)
		at += 4;
	else {
		close = x[at + 1] == '?' ? "?>" : ">";
		close_length = strlen(close);
		at += 2;
	}
	for (; at + close_length <= end; at++)
		if (memcmp(x + at, close, close_length) == 0)
			return at + close_length;
	return 0;
}

/* The first element named local (any prefix) whose start tag begins in
 * [start, end): its content into *ret, the offset after its end tag into
 * *ret_after. Returns 0, -ENOENT when there is none, -EBADMSG when a tag
 * or the element is not ended before end. */
static int find_element(const uint8_t *x, size_t start, size_t end, const char *local, struct span *ret,
			size_t *ret_after)
{
	size_t local_length = strlen(local);

	for (size_t at = start; at < end; at++) {
		size_t name = at + 1, name_end, tag_end, colon;
		uint8_t quote = 0;

		if (x[at] != '<')
			continue;
		if (name >= end)
			return -EBADMSG;
		if (x[name] == '!' || x[name] == '?') {
			size_t after = skip_markup(x, at, end);

			if (!after)
				return -EBADMSG;
			at = after - 1;
			continue;
		}
		if (x[name] == '/')
			continue;
		for (name_end = name; name_end < end && name_char(x[name_end]); name_end++)
			;
		if (name_end == name || name_end >= end)
			return -EBADMSG;
		if (!blank(x[name_end]) && x[name_end] != '>' && x[name_end] != '/')
			return -EBADMSG;
		for (tag_end = name_end; tag_end < end; tag_end++) {
			if (quote) {
				if (x[tag_end] == quote)
					quote = 0;
			} else if (x[tag_end] == '"' || x[tag_end] == '\'')
				quote = x[tag_end];
			else if (x[tag_end] == '>')
				break;
			else if (x[tag_end] == '<')
				return -EBADMSG;
		}
		if (tag_end >= end)
			return -EBADMSG;
		colon = name_end;
		while (colon > name && x[colon - 1] != ':')
			colon--;
		if (name_end - colon != local_length || memcmp(x + colon, local, local_length) != 0) {
			at = tag_end;
			continue;
		}
		if (x[tag_end - 1] == '/') {
			*ret = (struct span){ tag_end + 1, tag_end + 1 };
			*ret_after = tag_end + 1;
			return 0;
		}
		/* the end tag: "</" the same name, blanks, ">" */
		for (size_t close = tag_end + 1; close + 2 + (name_end - name) < end; close++) {
			size_t after = close + 2 + (name_end - name);

			if (x[close] != '<' || x[close + 1] != '/' || memcmp(x + close + 2, x + name, name_end - name) != 0)
				continue;
			while (after < end && blank(x[after]))
				after++;
			if (after < end && x[after] == '>') {
				*ret = (struct span){ tag_end + 1, close };
				*ret_after = after + 1;
				return 0;
			}
		}
		return -EBADMSG;
	}
	return -ENOENT;
}

/* A leaf's text: no markup inside, blanks at either end taken off. */
static int text_read(const uint8_t *x, struct span span, struct wsd_text *ret)
{
	size_t n;

	if (memchr(x + span.start, '<', span.end - span.start))
		return -EBADMSG;
	while (span.start < span.end && blank(x[span.start]))
		span.start++;
	while (span.end > span.start && blank(x[span.end - 1]))
		span.end--;
	n = span.end - span.start;
	ret->bytes = n;
	ret->present = true;
	if (n > WSD_TEXT_MAX)
		n = WSD_TEXT_MAX;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = x[span.start + i];

		ret->text[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	ret->text[n] = '\0';
	return 0;
}

/* An optional leaf: absent is no error. */
static int optional_text(const uint8_t *x, struct span parent, const char *local, struct wsd_text *ret)
{
	struct span span;
	size_t after;
	int r = find_element(x, parent.start, parent.end, local, &span, &after);

	if (r == -ENOENT)
		return 0;
	return r < 0 ? r : text_read(x, span, ret);
}

static bool ends_with(const struct wsd_text *text, const char *suffix)
{
	size_t n = strlen(suffix);

	return text->bytes <= WSD_TEXT_MAX && text->bytes >= n && memcmp(text->text + text->bytes - n, suffix, n) == 0;
}

static int match_read(const uint8_t *x, struct span match, struct wsd_reply *reply)
{
	struct span reference, address;
	size_t after;
	int r;

	if (find_element(x, match.start, match.end, "EndpointReference", &reference, &after) < 0 ||
	    find_element(x, reference.start, reference.end, "Address", &address, &after) < 0 ||
	    text_read(x, address, &reply->endpoint) < 0 || reply->endpoint.bytes == 0)
		return -EBADMSG;
	r = optional_text(x, match, "Types", &reply->types);
	if (r >= 0)
		r = optional_text(x, match, "XAddrs", &reply->xaddrs);
	if (r >= 0)
		r = optional_text(x, match, "Scopes", &reply->scopes);
	if (r >= 0) {
		struct wsd_text version = { 0 };
		uint64_t value = 0;

		r = optional_text(x, match, "MetadataVersion", &version);
		if (r >= 0 && version.present) {
			if (version.bytes == 0 || version.bytes > 10)
				return -EBADMSG;
			for (size_t i = 0; i < version.bytes; i++) {
				if (version.text[i] < '0' || version.text[i] > '9')
					return -EBADMSG;
				value = value * 10 + (uint64_t)(version.text[i] - '0');
			}
			if (value > UINT32_MAX)
				return -EBADMSG;
			reply->metadata_version = (uint32_t)value;
			reply->metadata_version_present = true;
		}
	}
	return r < 0 ? -EBADMSG : 0;
}

int wsd_reply_decode(const uint8_t *reply, size_t length, struct wsd_reply *ret_reply)
{
	struct wsd_reply decoded = { 0 };
	struct wsd_text action = { 0 };
	struct span envelope, header, body, matches, match, span;
	const char *matches_name, *match_name;
	size_t after;

	if (!reply || length == 0 || length > WSD_REPLY_MAX || memchr(reply, 0, length))
		return -EBADMSG;
	if (find_element(reply, 0, length, "Envelope", &envelope, &after) < 0 ||
	    find_element(reply, envelope.start, envelope.end, "Header", &header, &after) < 0 ||
	    find_element(reply, envelope.start, envelope.end, "Body", &body, &after) < 0 ||
	    find_element(reply, header.start, header.end, "Action", &span, &after) < 0 ||
	    text_read(reply, span, &action) < 0 ||
	    optional_text(reply, header, "RelatesTo", &decoded.relates_to) < 0)
		return -EBADMSG;
	if (ends_with(&action, "/ProbeMatches")) {
		decoded.kind = WSD_KIND_PROBE_MATCHES;
		matches_name = "ProbeMatches";
		match_name = "ProbeMatch";
	} else if (ends_with(&action, "/ResolveMatches")) {
		decoded.kind = WSD_KIND_RESOLVE_MATCHES;
		matches_name = "ResolveMatches";
		match_name = "ResolveMatch";
	} else
		return -EBADMSG;
	if (find_element(reply, body.start, body.end, matches_name, &matches, &after) < 0)
		return -EBADMSG;
	for (size_t at = matches.start;;) {
		int r = find_element(reply, at, matches.end, match_name, &match, &after);

		if (r == -ENOENT)
			break;
		if (r < 0 || (decoded.matches == 0 && match_read(reply, match, &decoded) < 0))
			return -EBADMSG;
		decoded.matches++;
		at = after;
	}
	if (decoded.matches == 0)
		return -EBADMSG;
	*ret_reply = decoded;
	return 0;
}

bool wsd_xaddrs_host(const char *xaddrs, char *buffer, size_t size)
{
	const char *host, *end;

	if (!xaddrs || size == 0)
		return false;
	host = strstr(xaddrs, "://");
	if (!host)
		return false;
	host += 3;
	if (*host == '[') {
		end = strchr(host, ']');
		if (!end)
			return false;
		end++;
	} else
		for (end = host; *end && *end != ':' && *end != '/' && *end != ' ' && *end != '?'; end++)
			;
	if (end == host || (size_t)(end - host) >= size)
		return false;
	memcpy(buffer, host, (size_t)(end - host));
	buffer[end - host] = '\0';
	return true;
}

const char *wsd_kind_name(enum wsd_kind kind)
{
	switch (kind) {
	case WSD_KIND_PROBE_MATCHES: return "ProbeMatches";
	case WSD_KIND_RESOLVE_MATCHES: return "ResolveMatches";
	default: return "?";
	}
}
