"""Messages kept for a character nobody is playing, shown when someone plays it again.

A ``tell`` to an offline player lands here. The messages are an ordinary attribute of
the character (JSON text), so they are written to the journal with the turn that left
them and survive any restart; nothing here touches files. Every front end's login
(``LocalGateway.attach``, the transcript runner's reconnect) calls
:func:`deliver_waiting` inside the turn that shows the room.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.engine.objects import GameObject

if TYPE_CHECKING:
    from sandbox.engine.core import Engine

#: The attribute holding waiting messages: a list of ``{"from", "text", "at"}``.
WAITING = "waiting_messages"
#: Oldest messages are dropped beyond this, so one player cannot fill another's record.
MAX_WAITING = 50


def leave_message(char: GameObject, sender: str, markup: str, at: float) -> int:
    """Keep ``markup`` (already escaped) for ``char``; returns how many now wait."""
    waiting = list(char.attrs.get(WAITING) or [])
    waiting.append({"from": sender, "text": markup, "at": at})
    waiting = waiting[-MAX_WAITING:]
    char.attrs[WAITING] = waiting
    return len(waiting)


def deliver_waiting(engine: Engine, char: GameObject) -> int:
    """Show ``char``'s waiting messages to its sessions and clear them. Call in a turn."""
    waiting = char.attrs.get(WAITING)
    if not waiting:
        return 0
    lines = [f"[title]While you were away ({len(waiting)}):[/title]"]
    lines += [str(item.get("text", "")) for item in waiting if isinstance(item, dict)]
    engine.emit(char, "\n".join(lines), "tell")
    del char.attrs[WAITING]
    return len(waiting)
