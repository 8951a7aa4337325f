"""The login conversation: name, password (twice for a new account), then play.

Independent of telnet: it talks to a :class:`LoginIO` (the connection) and a
:class:`Gateway`, so it is tested with a fake of each. The prompts are fixed strings
that scripted clients (the transcript runner, the benchmark) wait for.
"""
from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol

from sandbox.markup import escape
from sandbox.net.gateway import Gateway
from sandbox.net.throttle import LoginThrottle

#: What a new connection sees first (markup), telnet and web alike, unless configured.
DEFAULT_GREETING = (
    "[title]Welcome to the sandbox.[/title]\n"
    "Type a name to log in, or a new name to create a character."
)

NAME_PROMPT = "Name: "
NEW_PASSWORD_PROMPT = "New character. Choose a password: "
REPEAT_PROMPT = "Repeat the password: "
PASSWORD_PROMPT = "Password: "
WRONG_PASSWORD = "Wrong password."
MAX_NAME_TRIES = 5
MAX_PASSWORD_TRIES = 3
#: Lines typed during login that are kept while the login coroutine is busy (hashing).
LOGIN_BACKLOG = 16


class LoginIO(Protocol):
    address: str

    async def read_line(self) -> str | None:
        """The next input line, or None once the connection is gone."""
        ...

    def send_line(self, markup: str) -> None: ...

    def send_prompt(self, text: str) -> None:
        """Plain text without a newline, ended with EOR/GA."""
        ...

    def hide_input(self, hidden: bool) -> None: ...


class LineQueue:
    """A connection's typed lines on their way to the login dialogue (``read_line``).

    A line goes to the read waiting for it, or waits (up to ``LOGIN_BACKLOG`` while
    logging in: a flood costs nothing). Lines typed while the character is being
    attached are held, then replayed as the first commands. Telnet and web share it.
    """

    def __init__(self) -> None:
        self._lines: deque[str] = deque()
        self._waiter: asyncio.Future[str | None] | None = None
        self._ended = False

    def has_room(self) -> bool:
        """Whether a line typed now would be kept (ask before cleaning it)."""
        return (self._waiter is not None and not self._waiter.done()) or len(self._lines) < LOGIN_BACKLOG

    def put(self, text: str) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(text)
        else:
            self._lines.append(text)

    async def get(self) -> str | None:
        """The next line, or None once the connection is gone."""
        if self._lines:
            return self._lines.popleft()
        if self._ended:
            return None
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            return await self._waiter
        finally:
            self._waiter = None

    def end(self) -> None:
        """The connection is closing: a waiting read gets None, and so does every later one."""
        self._ended = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def take_all(self) -> list[str]:
        lines = list(self._lines)
        self._lines.clear()
        return lines


class Hangup(Exception):
    """The connection went away in the middle of the conversation."""


async def read_answer(io: LoginIO) -> str:
    line = await io.read_line()
    if line is None:
        raise Hangup
    return line


async def read_secret(io: LoginIO, prompt: str) -> str:
    io.hide_input(True)
    io.send_prompt(prompt)
    try:
        return await read_answer(io)
    finally:
        io.hide_input(False)
        # The client echoed nothing, not even the line end: move to a fresh line.
        io.send_line("")


async def run_login(io: LoginIO, gateway: Gateway, throttle: LoginThrottle) -> str | None:
    """Ask until someone is logged in; returns the account name, or None to hang up."""
    try:
        return await _converse(io, gateway, throttle)
    except Hangup:
        return None


async def _converse(io: LoginIO, gateway: Gateway, throttle: LoginThrottle) -> str | None:
    for _ in range(MAX_NAME_TRIES):
        io.send_prompt(NAME_PROMPT)
        name = (await read_answer(io)).strip()
        if not name:
            continue
        check = await gateway.check_name(name)
        if check.status == "invalid":
            io.send_line(f"[error]{escape(check.reason)}[/error]")
            continue
        if check.status == "new":
            account = await _new_account(io, gateway, check.name)
        else:
            account = await _existing_account(io, gateway, throttle, check.name)
        if account is not None:
            return account
    io.send_line("[error]Too many attempts. Goodbye.[/error]")
    return None


async def _new_account(io: LoginIO, gateway: Gateway, name: str) -> str | None:
    for _ in range(MAX_PASSWORD_TRIES):
        first = await read_secret(io, NEW_PASSWORD_PROMPT)
        second = await read_secret(io, REPEAT_PROMPT)
        if first != second:
            io.send_line("[error]The passwords differ. Let's try again.[/error]")
            continue
        result = await gateway.create_account(name, first)
        if result.ok:
            io.send_line(f"Welcome, [player]{escape(result.account)}[/player]! Your character is ready.")
            return result.account
        io.send_line(f"[error]{escape(result.reason)}[/error]")
        if "name" in result.reason.lower():
            return None  # the name went to someone else: ask for another
    return None


async def _existing_account(io: LoginIO, gateway: Gateway, throttle: LoginThrottle, name: str) -> str | None:
    for _ in range(MAX_PASSWORD_TRIES):
        wait = throttle.wait_for(name, io.address)
        if wait > 0:
            await asyncio.sleep(wait)
        password = await read_secret(io, PASSWORD_PROMPT)
        result = await gateway.login(name, password)
        if result.ok:
            throttle.succeeded(name, io.address)
            return result.account
        throttle.failed(name, io.address)
        io.send_line(f"[error]{WRONG_PASSWORD}[/error]")
    return None
