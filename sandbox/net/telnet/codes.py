"""Telnet command bytes and the option numbers MUD clients use (RFC 854 and MUD specs)."""
from __future__ import annotations

IAC = 255
DONT = 254
DO = 253
WONT = 252
WILL = 251
SB = 250
GA = 249
EL = 248
EC = 247
AYT = 246
AO = 245
IP = 244
BRK = 243
DM = 242
NOP = 241
SE = 240
EOR_CMD = 239  # the "end of record" mark sent after prompts when EOR is agreed

# Options
ECHO = 1
SGA = 3
TTYPE = 24
EOR = 25
NAWS = 31
LINEMODE = 34
NEW_ENVIRON = 39
CHARSET = 42
MSDP = 69
MSSP = 70
MCCP2 = 86
MCCP3 = 87
MXP = 91
GMCP = 201

# Subnegotiation verbs
TTYPE_IS = 0
TTYPE_SEND = 1
CHARSET_REQUEST = 1
CHARSET_ACCEPTED = 2
CHARSET_REJECTED = 3
MSSP_VAR = 1
MSSP_VAL = 2

VERBS = {WILL: "WILL", WONT: "WONT", DO: "DO", DONT: "DONT"}


def command(*codes: int) -> bytes:
    return bytes((IAC, *codes))


def subnegotiation(option: int, payload: bytes) -> bytes:
    """IAC SB option payload IAC SE, with IAC bytes in the payload doubled."""
    return bytes((IAC, SB, option)) + payload.replace(b"\xff", b"\xff\xff") + bytes((IAC, SE))
