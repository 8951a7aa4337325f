"""The session interface's data: messages out, sessions, and what a client told us."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, eq=False)
class Message:
    """One piece of output, in markup.

    One Message object is shared by every session a room announcement reaches, so a
    front end can render it once per distinct client capability (identity is the key).
    ``oob`` carries out-of-band data such as GMCP-style room info.
    """

    text: str
    kind: str = "text"  # text | room | say | emote | error | system | traceback | oob
    oob: dict[str, Any] | None = None


#: Where a session's output goes; called once per message, after the turn is durable.
Sink = Callable[[Message], None]


@dataclass(slots=True)
class ClientInfo:
    """Facts a front end knows about its client; the engine only reports them."""

    frontend: str = "local"  # local | tui | telnet | portal | transcript
    client: str = ""
    address: str = ""
    colour: str = "truecolor"  # plain | ansi16 | ansi256 | truecolor
    width: int = 80
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Session:
    id: int
    character_id: int
    sink: Sink
    info: ClientInfo
    connected_at: float
    last_input_at: float
    account: str | None = None
