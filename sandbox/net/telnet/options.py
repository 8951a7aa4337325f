"""Telnet option negotiation for MUD clients, with no I/O.

:class:`Negotiator` reads parser events and queues the bytes to answer with in
``outgoing`` (plus :data:`START_COMPRESSION` / :data:`STOP_COMPRESSION` markers where
MCCP2 output compression must begin or end). It records what it learns in a
:class:`ClientFacts`: colour depth from TTYPE/MTTS, width from NAWS, charset, GMCP, MXP.

Each option is answered at most once per change of state, so two sides that both
insist cannot loop (RFC 1143's rule, simplified: we never reply to a request that only
confirms the state we are in).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sandbox.net.client import MTTS_UTF8, ClientFacts, colour_from_mtts, colour_from_terminal
from sandbox.net.telnet import codes as T
from sandbox.net.telnet.parser import Command, Data, Dropped, Event, Negotiation, Subnegotiation

START_COMPRESSION = object()
STOP_COMPRESSION = object()

#: Options we offer to perform (we send WILL) and agree to when asked (DO).
LOCAL_OPTIONS = frozenset({T.SGA, T.EOR, T.GMCP, T.MSSP, T.MCCP2, T.CHARSET, T.MXP})
#: Options we ask the client to perform (we send DO) and accept (WILL).
REMOTE_OPTIONS = frozenset({T.TTYPE, T.NAWS, T.CHARSET})

OFFERS = (
    (T.WILL, T.SGA),
    (T.WILL, T.EOR),
    (T.WILL, T.GMCP),
    (T.WILL, T.MSSP),
    (T.WILL, T.MCCP2),
    (T.WILL, T.CHARSET),
    (T.WILL, T.MXP),
    (T.DO, T.TTYPE),
    (T.DO, T.NAWS),
)
CHARSETS_OFFERED = b";UTF-8;ISO-8859-1;US-ASCII"
_CHARSET_NAMES = {"UTF-8": "utf-8", "UTF8": "utf-8", "ISO-8859-1": "latin-1", "LATIN1": "latin-1", "US-ASCII": "ascii", "ASCII": "ascii"}
#: Sent when the client agrees to MXP (DO MXP): from here on it parses MXP in our
#: output, so everything after this must be entity-escaped (https://www.zuggsoft.com/zmud/mxp.htm).
MXP_START = T.subnegotiation(T.MXP, b"")
MAX_TTYPE_ROUNDS = 4
MAX_GMCP_SUPPORTS = 64
MIN_WIDTH, MAX_WIDTH = 20, 500


class Negotiator:
    def __init__(self, facts: ClientFacts, *, mssp: Callable[[], dict[str, str]] | None = None) -> None:
        self.facts = facts
        self.mssp = mssp
        self.outgoing: list[Any] = []  # bytes and compression markers, in order
        self.local: set[int] = set()
        self.remote: set[int] = set()
        self._asked_local: set[int] = set()
        self._asked_remote: set[int] = set()
        self._ttype_answers: list[str] = []
        self.ttype_done = False
        self._charset_requested = False
        self._charset_rejected = False
        #: Set when the window size changed (the connection re-wraps and tells the engine).
        self.resized = False
        self.echo_hidden = False

    # -- what we send first ---------------------------------------------------------
    def start(self) -> None:
        for verb, option in OFFERS:
            self._send(verb, option)
            (self._asked_local if verb == T.WILL else self._asked_remote).add(option)

    def hide_input(self, hidden: bool) -> None:
        """ECHO on while a password is typed (we 'echo' nothing, so the client shows nothing)."""
        if hidden == self.echo_hidden:
            return
        self.echo_hidden = hidden
        if hidden:
            self._asked_local.add(T.ECHO)
            self._send(T.WILL, T.ECHO)
        else:
            self.local.discard(T.ECHO)
            self._asked_local.discard(T.ECHO)
            self._send(T.WONT, T.ECHO)

    # -- events from the parser ------------------------------------------------------
    def handle(self, event: Event) -> None:
        if isinstance(event, Negotiation):
            self._negotiation(event.verb, event.option)
        elif isinstance(event, Subnegotiation):
            self._subnegotiation(event.option, event.payload)
        elif isinstance(event, (Command, Data, Dropped)):
            pass  # data goes to the line assembler; commands (NOP, AYT, GA) need nothing

    def _negotiation(self, verb: int, option: int) -> None:
        if verb == T.WILL:
            if option in REMOTE_OPTIONS:
                if option not in self.remote:
                    self.remote.add(option)
                    if option not in self._asked_remote:
                        self._send(T.DO, option)
                    self._remote_enabled(option)
            elif option not in self.remote:
                self._send(T.DONT, option)
            self._asked_remote.discard(option)
        elif verb == T.WONT:
            if option in self.remote:
                self.remote.discard(option)
                if option not in self._asked_remote:
                    self._send(T.DONT, option)
            if option == T.TTYPE:
                self.ttype_done = True
            self._asked_remote.discard(option)
        elif verb == T.DO:
            allowed = option in LOCAL_OPTIONS or (option == T.ECHO and self.echo_hidden)
            if allowed:
                if option not in self.local:
                    self.local.add(option)
                    if option not in self._asked_local:
                        self._send(T.WILL, option)
                    self._local_enabled(option)
            elif option not in self.local:
                self._send(T.WONT, option)
            self._asked_local.discard(option)
        elif verb == T.DONT:
            if option in self.local:
                self.local.discard(option)
                self._local_disabled(option)  # first, so the WONT is not compressed
                if option not in self._asked_local:
                    self._send(T.WONT, option)
            self._asked_local.discard(option)

    def _remote_enabled(self, option: int) -> None:
        if option == T.TTYPE:
            self.outgoing.append(T.subnegotiation(T.TTYPE, bytes((T.TTYPE_SEND,))))
        elif option == T.CHARSET:
            self._request_charset()

    def _local_enabled(self, option: int) -> None:
        if option == T.MCCP2:
            self.outgoing.append(T.subnegotiation(T.MCCP2, b""))
            self.outgoing.append(START_COMPRESSION)
            self.facts.mccp = True
        elif option == T.GMCP:
            self.facts.gmcp = True
        elif option == T.EOR:
            self.facts.eor = True
        elif option == T.MSSP:
            self.outgoing.append(self.mssp_bytes())
        elif option == T.CHARSET:
            self._request_charset()
        elif option == T.MXP:
            self.outgoing.append(MXP_START)
            self.facts.mxp = True

    def _local_disabled(self, option: int) -> None:
        if option == T.MCCP2 and self.facts.mccp:
            self.facts.mccp = False
            self.outgoing.append(STOP_COMPRESSION)
        elif option == T.GMCP:
            self.facts.gmcp = False
        elif option == T.EOR:
            self.facts.eor = False
        elif option == T.MXP:
            self.facts.mxp = False

    # -- subnegotiations ---------------------------------------------------------------
    def _subnegotiation(self, option: int, payload: bytes) -> None:
        if option == T.NAWS and len(payload) >= 4:
            width = payload[0] * 256 + payload[1]
            height = payload[2] * 256 + payload[3]
            if width:
                width = max(MIN_WIDTH, min(MAX_WIDTH, width))
                if width != self.facts.width:
                    self.resized = True
                self.facts.width = width
            if height:
                self.facts.height = height
        elif option == T.TTYPE and payload[:1] == bytes((T.TTYPE_IS,)):
            self._ttype(payload[1:65].decode("ascii", "replace").strip())
        elif option == T.CHARSET and payload:
            self._charset(payload)
        elif option == T.GMCP and payload:
            self._gmcp(payload.decode("utf-8", "replace"))

    def _ttype(self, name: str) -> None:
        if self.ttype_done:
            return
        answers = self._ttype_answers
        repeated = bool(answers) and name == answers[-1]
        answers.append(name)
        if name.upper().startswith("MTTS "):
            try:
                bits = int(name[5:].strip())
            except ValueError:
                bits = 0
            self.facts.mtts = bits
            self.facts.colour = colour_from_mtts(bits)
            self.facts.screen_reader = bool(bits & 64)
            if bits & MTTS_UTF8 and not self._charset_rejected:
                self.facts.charset = "utf-8"
            self.ttype_done = True
            return
        if len(answers) == 1:
            self.facts.client = name
        elif not repeated:
            self.facts.terminal = name
        if self.facts.mtts is None:
            colour = colour_from_terminal(name)
            if colour is not None:
                self.facts.colour = colour
                if len(answers) == 1:
                    self.facts.terminal = name
        if repeated or len(answers) >= MAX_TTYPE_ROUNDS:
            self.ttype_done = True
        else:
            self.outgoing.append(T.subnegotiation(T.TTYPE, bytes((T.TTYPE_SEND,))))

    def _request_charset(self) -> None:
        if not self._charset_requested:
            self._charset_requested = True
            self.outgoing.append(T.subnegotiation(T.CHARSET, bytes((T.CHARSET_REQUEST,)) + CHARSETS_OFFERED))

    def _charset(self, payload: bytes) -> None:
        verb, rest = payload[0], payload[1:].decode("ascii", "replace")
        if verb == T.CHARSET_ACCEPTED:
            self.facts.charset = _CHARSET_NAMES.get(rest.strip().upper(), self.facts.charset)
        elif verb == T.CHARSET_REJECTED:
            self._charset_rejected = True
        elif verb == T.CHARSET_REQUEST and rest:
            # The client asks us: pick UTF-8 if it offers it.
            sep, names = rest[0], rest[1:]
            offered = [n.strip().upper() for n in names.split(sep)]
            if "UTF-8" in offered or "UTF8" in offered:
                choice = "UTF-8" if "UTF-8" in offered else "UTF8"
                self.facts.charset = "utf-8"
                self.outgoing.append(T.subnegotiation(T.CHARSET, bytes((T.CHARSET_ACCEPTED,)) + choice.encode()))
            else:
                self.outgoing.append(T.subnegotiation(T.CHARSET, bytes((T.CHARSET_REJECTED,))))

    def _gmcp(self, text: str) -> None:
        package, _, body = text.partition(" ")
        try:
            data = json.loads(body) if body.strip() else None
        except ValueError:
            return
        key = package.lower()
        if key == "core.hello" and isinstance(data, dict):
            self.facts.client = str(data.get("client", self.facts.client))[:64]
            self.facts.client_version = str(data.get("version", ""))[:64]
        elif key in ("core.supports.set", "core.supports.add", "core.supports.remove") and isinstance(data, list):
            items = [str(x)[:64] for x in data if isinstance(x, str)]
            if key == "core.supports.set":
                self.facts.gmcp_supports = items[:MAX_GMCP_SUPPORTS]
            elif key == "core.supports.add":
                merged = self.facts.gmcp_supports + [i for i in items if i not in self.facts.gmcp_supports]
                self.facts.gmcp_supports = merged[:MAX_GMCP_SUPPORTS]
            else:
                drop = {i.split()[0] for i in items if i.split()}
                self.facts.gmcp_supports = [i for i in self.facts.gmcp_supports if i.split()[0] not in drop]

    # -- what we send later -------------------------------------------------------------
    def mssp_bytes(self) -> bytes:
        values = self.mssp() if self.mssp is not None else {}
        payload = b"".join(
            bytes((T.MSSP_VAR,)) + str(k).encode() + bytes((T.MSSP_VAL,)) + str(v).encode() for k, v in values.items()
        )
        return T.subnegotiation(T.MSSP, payload)

    def _send(self, verb: int, option: int) -> None:
        self.outgoing.append(T.command(verb, option))


def gmcp_bytes(package: str, data: Any) -> bytes:
    """One GMCP message, ready to write."""
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return T.subnegotiation(T.GMCP, f"{package} {body}".encode())
