"""The portal's side of the gateway: telnet sessions that outlive the engine.

The telnet front end calls this exactly as it calls the in-process ``LocalGateway``.
Sessions are keyed by a portal-local id that never changes, so a telnet connection
keeps its session across engine restarts; each time the engine (re)connects, every
live session is announced again and re-attached to its character.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sandbox.engine.accounts import NameCheck
from sandbox.engine.session import Message, Sink
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED, PROMPT, LoginResult
from sandbox.portal.link import Link, LinkDown

log = logging.getLogger("sandbox.portal")

RESTARTING = "[warning]The world is restarting. Stay connected: you will be back in a moment.[/warning]"
STILL_RESTARTING = "[warning]The world is still restarting; that was not done. Try again in a moment.[/warning]"
BACK = "[success]The world is back.[/success]"
LOGIN_WHILE_DOWN = "The world is restarting. Try again in a moment."
#: Lines kept per session while its attach is in flight.
EARLY_LINES = 16


@dataclass(slots=True)
class PortalSession:
    psid: int
    conn_id: str
    account: str
    sink: Sink
    client: ClientFacts
    perm: str = "player"
    attached: bool = False
    told_down: bool = False
    #: Lines typed while the (re)attach is in flight: the engine may show the room before
    #: its reply to the attach arrives, and a quick client answers the room at once.
    early: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class LinkGateway:
    def __init__(self) -> None:
        self.link: Link | None = None
        self.sessions: dict[int, PortalSession] = {}
        self._next = 1

    @property
    def up(self) -> bool:
        return self.link is not None and not self.link.closed

    # -- login calls: answered by the engine, or refused while it is away -------------------
    async def check_name(self, name: str) -> NameCheck:
        try:
            reply = await self._call("check_name", name=name)
        except LinkDown:
            return NameCheck("invalid", reason=LOGIN_WHILE_DOWN)
        return NameCheck(reply.get("status", "invalid"), reply.get("name", ""), reply.get("reason", ""))

    async def login(self, name: str, password: str) -> LoginResult:
        return await self._login_call("login", name=name, password=password)

    async def create_account(self, name: str, password: str) -> LoginResult:
        return await self._login_call("create_account", name=name, password=password)

    async def _login_call(self, kind: str, **fields: Any) -> LoginResult:
        try:
            reply = await self._call(kind, **fields)
        except LinkDown:
            return LoginResult(False, reason=LOGIN_WHILE_DOWN)
        return LoginResult(bool(reply.get("ok")), reply.get("account", ""), reply.get("reason", ""))

    async def _call(self, kind: str, **fields: Any) -> dict[str, Any]:
        if self.link is None or self.link.closed:
            raise LinkDown("engine not connected")
        return await self.link.call(kind, **fields)

    # -- sessions ----------------------------------------------------------------------------
    async def attach(self, conn_id: str, account: str, sink: Sink, client: ClientFacts, *, resume: bool = False) -> int:
        psid = self._next
        self._next += 1
        session = PortalSession(psid, conn_id, account, sink, client)
        self.sessions[psid] = session
        if self.up:
            await self._attach_remote(session, resume=resume)
        else:
            session.told_down = True
            sink(Message(RESTARTING, "info"))
            sink(Message("", PROMPT))
        return psid

    async def _attach_remote(self, session: PortalSession, *, resume: bool = False) -> None:
        assert self.link is not None
        session.early = []
        try:
            reply = await self.link.call(
                "attach", psid=session.psid, conn=session.conn_id, account=session.account, client=session.client.to_json(),
                resume=resume,
            )
        except LinkDown:
            session.early = None
            return
        early, session.early = session.early or [], None
        if reply.get("ok"):
            session.attached = True
            session.perm = str(reply.get("perm", "player"))
            for line in early:
                self.input(session.psid, line)
        else:
            session.sink(Message(f"[error]{_escape(reply.get('reason', 'Your account no longer exists.'))}[/error]", "error"))
            session.sink(Message("", "close"))
            self.sessions.pop(session.psid, None)

    def input(self, session_id: int, line: str) -> None:
        session = self.sessions.get(session_id)
        if session is None:
            return
        if self.up and session.early is not None and len(session.early) < EARLY_LINES:
            session.early.append(line)  # typed after the engine came back: run once attached
            return
        link = self.link
        if not self.up or link is None or not session.attached:
            # Not queued for later: a command typed into an outage must not run by surprise.
            session.sink(Message(STILL_RESTARTING, "info"))
            session.sink(Message("", PROMPT))
            return
        try:
            link.send({"t": "input", "psid": session_id, "line": line})
        except (LinkDown, ConnectionError, RuntimeError):
            session.sink(Message(STILL_RESTARTING, "info"))
            session.sink(Message("", PROMPT))

    def update_client(self, session_id: int, client: ClientFacts) -> None:
        session = self.sessions.get(session_id)
        if session is None:
            return
        session.client = client
        if self.up and session.attached:
            self._send({"t": "update_client", "psid": session_id, "client": client.to_json()})

    def detach(self, session_id: int, reason: str = DROPPED) -> None:
        session = self.sessions.pop(session_id, None)
        if session is not None and self.up and session.attached:
            self._send({"t": "detach", "psid": session_id, "reason": reason})

    def _send(self, message: dict[str, Any]) -> None:
        try:
            if self.link is not None:
                self.link.send(message)
        except (LinkDown, ConnectionError, RuntimeError):
            pass

    # -- the engine coming and going ---------------------------------------------------------
    async def link_up(self, link: Link) -> None:
        """A (new) engine said hello: re-attach every live session to its character."""
        self.link = link
        for session in list(self.sessions.values()):
            session.attached = False
            if session.told_down:
                session.sink(Message(BACK, "info"))
                session.told_down = False
            # To everyone else they never left: no "arrives" for each re-attached player.
            await self._attach_remote(session, resume=True)

    def link_down(self) -> None:
        """Tell every connected player once; keep every connection."""
        self.link = None
        for session in self.sessions.values():
            session.attached = False
            if not session.told_down:
                session.told_down = True
                session.sink(Message(RESTARTING, "info"))
                session.sink(Message("", PROMPT))

    def deliver(self, messages: list[list[Any]], deliveries: list[list[int]]) -> None:
        """An output batch: distinct ``[markup, kind, oob]`` messages and ``[psid, index]``
        deliveries, in order. Recipients of one message share one Message object."""
        built = [Message(text, kind, oob) for text, kind, oob in messages]
        sessions = self.sessions
        for psid, at in deliveries:
            session = sessions.get(psid)
            if session is not None:
                session.sink(built[at])

    def notify_admins(self, markup: str) -> None:
        for session in self.sessions.values():
            if session.perm == "admin":
                session.sink(Message(markup, "info"))
                session.sink(Message("", PROMPT))


def _escape(text: object) -> str:
    from sandbox.markup import escape

    return escape(str(text))
