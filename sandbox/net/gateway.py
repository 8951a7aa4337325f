"""The one seam between network front ends and the engine.

The telnet code calls only these methods. :class:`sandbox.net.local.LocalGateway` runs
them against an in-process engine; :class:`sandbox.portal.gateway.LinkGateway`
implements the same protocol over the portal's Unix socket to an engine process, so the
telnet and web front ends do not know which one they talk to.

Contract:

- ``check_name``, ``login``, ``create_account`` and ``attach`` need an answer and are
  awaited. Password hashing happens behind them, never on the event loop.
- ``input``, ``update_client`` and ``detach`` are fire-and-forget.
- Output arrives at the ``sink`` given to ``attach``: engine ``Message`` objects, any
  time (timers, other players). After the output of each ``input`` line the gateway
  sends ``Message("", PROMPT)``, even if the line produced nothing, so the front end
  knows a command's batch is complete. ``Message("", "close")`` asks the front end to
  close the connection after writing what came before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sandbox.engine.accounts import NameCheck
from sandbox.engine.session import Sink
from sandbox.net.client import ClientFacts

#: Message kind marking the end of one input line's output.
PROMPT = "prompt"

#: Why a session ended (``detach``): a drop keeps the character in the world for a
#: grace period (link-dead); a quit or shutdown takes it out at once.
DROPPED, QUIT, SHUTDOWN = "dropped", "quit", "shutdown"


@dataclass(frozen=True, slots=True)
class LoginResult:
    ok: bool
    account: str = ""  # canonical account name when ok
    reason: str = ""  # shown to the player when not ok

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "account": self.account, "reason": self.reason}


class Gateway(Protocol):
    async def check_name(self, name: str) -> NameCheck:
        """Existing account, free name, or invalid (with a reason to show)."""
        ...

    async def login(self, name: str, password: str) -> LoginResult: ...

    async def create_account(self, name: str, password: str) -> LoginResult: ...

    async def attach(self, conn_id: str, account: str, sink: Sink, client: ClientFacts, *, resume: bool = False) -> int:
        """Connect the account's character (resuming or taking over); returns a session id.

        The first output is the room the character stands in. ``resume``: the session
        never ended (portal mode, a new engine): nobody is told the character arrived."""
        ...

    def input(self, session_id: int, line: str) -> None: ...

    def update_client(self, session_id: int, client: ClientFacts) -> None:
        """The client's facts changed (window resized, TTYPE finished)."""
        ...

    def detach(self, session_id: int, reason: str = DROPPED) -> None: ...
