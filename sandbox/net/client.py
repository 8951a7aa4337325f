"""What a front end knows about a connected client, as plain JSON-able data.

The telnet negotiator fills this in; the gateway hands it to the engine (as a
``ClientInfo``) and the portal link carries it to the engine process as JSON, so it
holds only simple values.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sandbox.engine.session import ClientInfo

#: MTTS bits (https://tintin.mudhalla.net/protocols/mtts/).
MTTS_ANSI = 1
MTTS_UTF8 = 4
MTTS_256 = 8
MTTS_SCREEN_READER = 64
MTTS_TRUECOLOR = 256

COLOURS = ("plain", "ansi16", "ansi256", "truecolor")


@dataclass(slots=True)
class ClientFacts:
    address: str = ""
    client: str = ""  # "TINTIN++", "MUDLET", ... (TTYPE first answer or GMCP Core.Hello)
    client_version: str = ""
    terminal: str = ""  # "xterm-256color"
    mtts: int | None = None
    colour: str = "ansi16"  # a client that says nothing gets 16 colours
    width: int = 80
    height: int = 24
    charset: str = "ascii"  # "utf-8" once agreed (CHARSET or MTTS), else a safe fallback
    screen_reader: bool = False
    gmcp: bool = False
    gmcp_supports: list[str] = field(default_factory=list)
    mccp: bool = False
    eor: bool = False
    mxp: bool = False  # the client agreed to MXP (telnet option 91): links become <send> elements
    frontend: str = "telnet"  # "web" for a browser (sandbox.web): the engine reports it

    def wants_gmcp(self, package: str) -> bool:
        """Whether to send a GMCP message (``Room.Info``) to this client.

        A client that listed modules with ``Core.Supports.Set`` (Mudlet does) gets only
        those; one that never listed any gets everything, as most servers do.
        """
        if not self.gmcp:
            return False
        if not self.gmcp_supports:
            return True
        module = package.split(".", 1)[0].lower()
        return any(entry.split()[0].lower() == module for entry in self.gmcp_supports if entry.strip())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClientFacts:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def client_info(self) -> ClientInfo:
        """The engine's view: who and how wide, without telnet details."""
        return ClientInfo(
            frontend=self.frontend,
            client=self.client,
            address=self.address,
            colour=self.colour,
            width=self.width,
            extra={"terminal": self.terminal, "screen_reader": self.screen_reader},
        )


def colour_from_terminal(terminal: str) -> str | None:
    """Colour depth implied by a terminal type name, if it implies one."""
    t = terminal.lower()
    if not t:
        return None
    if "truecolor" in t or "24bit" in t or t.endswith("-direct"):
        return "truecolor"
    if "256" in t:
        return "ansi256"
    if t in ("dumb", "unknown"):
        return "plain"
    if t.startswith(("xterm", "ansi", "vt1", "vt2", "linux", "screen", "tmux", "rxvt", "putty", "cygwin")):
        return "ansi16"
    return None


def colour_from_mtts(bits: int) -> str:
    if bits & MTTS_SCREEN_READER:
        return "plain"
    if bits & MTTS_TRUECOLOR:
        return "truecolor"
    if bits & MTTS_256:
        return "ansi256"
    if bits & MTTS_ANSI:
        return "ansi16"
    return "plain"
