/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The RMCP/IPMI 1.5 framing of IPMI v2.0 rev. 1.1, sections 13.6
 * (RMCP), 13.8 (the 1.5 session header), 22.13 (Get Channel
 * Authentication Capabilities). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "services/ipmi/ipmi_wire.h"

#define RMCP_VERSION 0x06
#define RMCP_CLASS_IPMI 0x07
#define NETFN_APP_REQUEST 0x06
#define NETFN_APP_RESPONSE 0x07
#define COMMAND_AUTH_CAPABILITIES 0x38
#define ADDRESS_BMC 0x20
#define ADDRESS_SOFTWARE 0x81

static uint8_t checksum(const uint8_t *bytes, size_t length)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < length; i++)
		sum = (uint8_t)(sum + bytes[i]);
	return (uint8_t)(0x100 - sum);
}

void ipmi_request_encode(uint8_t buffer[IPMI_REQUEST_SIZE])
{
	static const uint8_t head[] = {
		RMCP_VERSION, 0x00, 0xff, RMCP_CLASS_IPMI,	/* RMCP: no ACK wanted */
		0x00, 0, 0, 0, 0, 0, 0, 0, 0,			/* auth type none, sequence, session 0 */
		9,						/* the message's length */
	};
	uint8_t *message = buffer + sizeof(head);

	memcpy(buffer, head, sizeof(head));
	message[0] = ADDRESS_BMC;
	message[1] = NETFN_APP_REQUEST << 2;
	message[2] = checksum(message, 2);
	message[3] = ADDRESS_SOFTWARE;
	message[4] = 0x00;			/* sequence 0, LUN 0 */
	message[5] = COMMAND_AUTH_CAPABILITIES;
	message[6] = 0x8e;			/* this channel, IPMI 2.0 data too */
	message[7] = 0x04;			/* administrator */
	message[8] = checksum(message + 3, 5);
}

int ipmi_reply_decode(const uint8_t *datagram, size_t length, struct ipmi_reply *ret_reply)
{
	size_t header, message_length;
	const uint8_t *message;

	if (length < 14 || datagram[0] != RMCP_VERSION || datagram[2] != 0xff || datagram[3] != RMCP_CLASS_IPMI)
		return -EBADMSG;
	/* an auth type other than none carries a 16-byte auth code */
	header = datagram[4] == 0x00 ? 14 : 30;
	if (length < header)
		return -EBADMSG;
	message_length = datagram[header - 1];
	message = datagram + header;
	/* rqAddr, netFn, checksum, rsAddr, sequence, command, completion, checksum */
	if (message_length < 8 || length - header < message_length)
		return -EBADMSG;
	if (message[0] != ADDRESS_SOFTWARE || message[1] >> 2 != NETFN_APP_RESPONSE || checksum(message, 2) != message[2] ||
	    message[5] != COMMAND_AUTH_CAPABILITIES || checksum(message + 3, message_length - 4) != message[message_length - 1])
		return -EBADMSG;
	*ret_reply = (struct ipmi_reply){ .completion = message[6] };
	/* the data: channel, auth types, login status, ... */
	if (message[6] == 0 && message_length >= 8 + 3) {
		ret_reply->auth_types = message[8] & 0x3f;
		ret_reply->ipmi20 = (message[8] & 0x80) != 0;
		ret_reply->anonymous = (message[9] & 0x01) != 0;
	}
	return 0;
}
