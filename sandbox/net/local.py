"""The gateway to an engine in this process, with link-dead handling.

A character whose connection drops stays in its room, tagged ``linkdead``, for a grace
period; logging in again within it resumes the same character where it stands. After
the grace period (or at once on ``quit``) the character leaves the world: it is moved
out (no location) with ``last_location`` remembered, and returns there at next login.
"""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor

from sandbox.engine import accounts, mailbox, presence
from sandbox.engine.clock import Timer
from sandbox.engine.context import Context
from sandbox.engine.core import Engine
from sandbox.engine.describe import name_markup
from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.session import Message, Sink
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED, PROMPT, SHUTDOWN, LoginResult
from sandbox.net.hashing import hashing_pool

LINKDEAD = "linkdead"
DEFAULT_GRACE = 300.0
_PROMPT = Message("", PROMPT)


class LocalGateway:
    def __init__(self, engine: Engine, *, linkdead_grace: float = DEFAULT_GRACE, executor: Executor | None = None) -> None:
        self.engine = engine
        self.world = engine.world
        self.linkdead_grace = linkdead_grace
        #: Password hashing runs here: a small pool of its own (see hashing.py).
        self.executor = executor if executor is not None else hashing_pool()
        self._grace_timers: dict[int, Timer] = {}
        self._stow_offline()

    # -- accounts (hashing runs in a thread: scrypt must not stall the loop) ---------------
    async def check_name(self, name: str) -> accounts.NameCheck:
        return accounts.check_name(self.world, name)

    async def login(self, name: str, password: str) -> LoginResult:
        account = accounts.find_account(self.world, name)
        if account is None:
            return LoginResult(False, reason="There is no account by that name.")
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(self.executor, accounts.verify_password, password, str(account.get("hash", "")))
        if not ok:
            return LoginResult(False, reason="Wrong password.")
        return LoginResult(True, str(account["name"]))

    async def create_account(self, name: str, password: str) -> LoginResult:
        problem = accounts.check_password_choice(password)
        if problem:
            return LoginResult(False, reason=problem)
        check = accounts.check_name(self.world, name)
        if check.status != "new":
            return LoginResult(False, reason=check.reason or "That name is taken. Choose another.")
        loop = asyncio.get_running_loop()
        hashed = await loop.run_in_executor(self.executor, accounts.hash_password, password)
        try:
            with self.engine.turn():
                char = accounts.create_account(self.world, name, hashed, now=time.time())
        except ValueError as exc:  # someone took the name while we were hashing
            return LoginResult(False, reason=str(exc))
        if not self.engine.last_turn_ok:  # not saved (a full disk): the account does not exist
            return LoginResult(False, reason="The world could not save your new account. Please try again later.")
        return LoginResult(True, char.name)

    # -- sessions ----------------------------------------------------------------------------
    async def attach(self, conn_id: str, account: str, sink: Sink, client: ClientFacts, *, resume: bool = False) -> int:
        """``resume``: the portal re-attaching a player who never left (the engine
        restarted under them), so the character returns to its place without a word."""
        record = accounts.find_account(self.world, account)
        if record is None:
            raise LookupError(f"no account {account!r}")
        engine = self.engine
        char = self._character(record)
        for old in list(engine.sessions_of(char)):
            # Taking over: the old connection is told, closed, and gets no more output.
            engine.kick(old.id, "Your character was taken over by a new connection.")
            engine.disconnect(old.id)
        grace = self._grace_timers.pop(char.id, None)
        if grace is not None:
            grace.cancel()
        with engine.turn():
            room = self.world.room_of(char) if char.location is not None else None
            if LINKDEAD in char.tags:
                char.tags.discard(LINKDEAD)
                if room is not None:
                    engine.announce(room, f"{name_markup(char)} is back.", exclude=[char])
            if room is None:
                presence.enter(engine, char, announce=not resume)
        session = engine.connect(char, sink, client.client_info(), account=str(record["name"]))
        with engine.turn():
            Context(engine, char, session=session).look()
            mailbox.deliver_waiting(engine, char)  # tells left while they were away
        sink(_PROMPT)
        return session.id

    def input(self, session_id: int, line: str) -> None:
        session = self.engine.sessions.get(session_id)
        if session is None:
            return
        self.engine.input(session_id, line)
        session.sink(_PROMPT)

    def update_client(self, session_id: int, client: ClientFacts) -> None:
        session = self.engine.sessions.get(session_id)
        if session is not None:
            session.info = client.client_info()

    def detach(self, session_id: int, reason: str = DROPPED) -> None:
        engine = self.engine
        session = engine.sessions.get(session_id)
        if session is None:
            return  # already replaced by a takeover
        engine.disconnect(session_id)
        char = self.world.get(session.character_id)
        if char is None or engine.is_online(char) or reason == SHUTDOWN:
            return  # at shutdown, the next start takes offline characters out
        if reason == DROPPED and self.linkdead_grace > 0:
            with engine.turn():
                char.tags.add(LINKDEAD)
                room = self.world.room_of(char)
                if room is not None:
                    engine.announce(room, f"{name_markup(char)} has lost the connection.", exclude=[char])
            self._grace_timers[char.id] = engine.schedule(self.linkdead_grace, lambda: self._expire(char.id))
        else:
            with engine.turn():
                self._stow(char, announce=True)

    # -- leaving the world -------------------------------------------------------------------
    def _expire(self, char_id: int) -> None:
        """Runs inside a timer turn when a link-dead character's grace period is over."""
        self._grace_timers.pop(char_id, None)
        char = self.world.get(char_id)
        if char is not None and not self.engine.is_online(char):
            self._stow(char, announce=True)

    def _stow(self, char: GameObject, *, announce: bool) -> None:
        char.tags.discard(LINKDEAD)
        presence.leave(self.engine, char, announce=announce)

    def _stow_offline(self) -> None:
        """At start nobody is connected: account characters (and a local builder a TUI
        left behind) standing in rooms go out quietly."""
        with self.engine.turn():
            chars = [self.world.get(record.get("character")) for record in self.world.accounts.values()]
            chars += [o for o in self.world.objects.values() if o.kind == Kind.CHARACTER and presence.LOCAL_TAG in o.tags]
            for char in chars:
                if char is not None and not self.engine.is_online(char) and (char.location is not None or LINKDEAD in char.tags):
                    self._stow(char, announce=False)

    def _character(self, record: dict[str, object]) -> GameObject:
        """The account's character, remade if a builder destroyed it."""
        oid = record.get("character")
        char = self.world.get(oid) if isinstance(oid, int) else None
        if char is not None and char.kind == Kind.CHARACTER:
            return char
        with self.engine.turn():
            char = self.world.create(Kind.CHARACTER, str(record["name"]), tags=["player"])
            record["character"] = char.id
        return char
