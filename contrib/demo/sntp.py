#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo's two SNTP ends (RFC 4330), ntpsec shipping no time client
# outside its ntpsec-ntpdig package:
#   sntp.py serve ADDRESS   a stratum 1 time server on ADDRESS:123 (the
#                           internet's, where the host's ntpd gets its
#                           time): a mode 4 answer to each mode 3 query,
#                           from this machine's clock, which it only reads
#   sntp.py ask ADDRESS     one mode 3 query, as every time client sends:
#                           prints the answer, or "no answer" (exit 1)
import socket
import struct
import sys
import time

NTP_EPOCH = 2208988800  # 1900-01-01 to 1970-01-01, in seconds


def stamp(t=None):
    t = (time.time() if t is None else t) + NTP_EPOCH
    return struct.pack("!II", int(t), int((t % 1) * 2**32))


def unstamp(data):
    seconds, fraction = struct.unpack("!II", data)
    return seconds - NTP_EPOCH + fraction / 2**32


def serve(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 123))
    while True:
        query, peer = s.recvfrom(512)
        if len(query) < 48 or query[0] & 7 != 3:
            continue
        received = stamp()
        # LI 0, version 4, mode 4; stratum 1, the client's poll,
        # precision 2^-20; no delay, 1/256 s dispersion; reference "GPS".
        answer = bytes([0x24, 1, query[2], 0xEC]) + struct.pack("!II", 0, 0x100) + b"GPS\0"
        answer += stamp() + query[40:48] + received + stamp()
        s.sendto(answer, peer)


def ask(address):
    s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    sent = time.time()
    # LI 0, version 4, mode 3 (client); the transmit time to match.
    s.sendto(bytes([0x23]) + bytes(39) + stamp(sent), (address, 123))
    try:
        answer, _ = s.recvfrom(2048)
    except socket.timeout:
        print(f"{address}: no answer to a mode 3 (time) query")
        return 1
    back = time.time()
    leap, mode, stratum = answer[0] >> 6, answer[0] & 7, answer[1]
    if len(answer) < 48 or mode != 4 or answer[24:32] != stamp(sent):
        print(f"{address}: an answer that is not for this query ({len(answer)} bytes, mode {mode})")
        return 1
    server = (unstamp(answer[32:40]) + unstamp(answer[40:48])) / 2
    offset = server - (sent + back) / 2
    state = "unsynchronized" if leap == 3 or stratum in (0, 16) else f"stratum {stratum}"
    print(f"{address}: mode 4 answer, {len(answer)} bytes, {state}, server time "
          f"{time.strftime('%H:%M:%S', time.gmtime(server))} UTC, offset {offset:+.4f} s, "
          f"round trip {(back - sent) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("serve", "ask"):
        sys.exit("usage: sntp.py serve|ask ADDRESS")
    sys.exit(serve(sys.argv[2]) if sys.argv[1] == "serve" else ask(sys.argv[2]))
