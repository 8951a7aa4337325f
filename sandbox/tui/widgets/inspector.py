"""The room inspector: name, rendered description, exits with destinations, contents,
attributes and tags of one room. It only reads world objects."""
from __future__ import annotations

import json
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.world import World
from sandbox.markup import Theme, render_rich, strip_controls
from sandbox.tui.literal import literal

_HEADING = Style(bold=True, underline=True)
_DIM = Style(dim=True)
_KIND_MARK = {Kind.CHARACTER: "☺", Kind.THING: "•", Kind.EXIT: "→", Kind.ROOM: "■"}


def room_report(world: World, room: GameObject | None, theme: Theme) -> Text:
    """Everything a builder wants to know about a room, as one Rich ``Text``."""
    if room is None:
        return Text("Nowhere: teleport into a room (tel #1).", style=_DIM)
    out = Text(end="")
    out.append_text(render_rich(f"[title][room]{_esc(room.name)}[/room][/title]", theme))
    out.append(f"  #{room.id}  area {strip_controls(room.area or '(none)')}\n", style=_DIM)
    if room.desc:
        out.append_text(render_rich(room.desc, theme))
        out.append("\n")
    else:
        out.append("(no description)\n", style=_DIM)
    exits = world.exits(room)
    out.append("\nExits\n", style=_HEADING)
    if not exits:
        out.append("  none\n", style=_DIM)
    for exit_ in exits:
        dest = world.get(exit_.destination)
        where = f"{strip_controls(dest.name)} #{dest.id}" if dest is not None else "nowhere"
        lock = exit_.locks.get("traverse")
        locked = f"  (traverse: {strip_controls(lock)})" if lock else ""
        out.append(f"  {strip_controls(exit_.name)}", style="bold")
        out.append(f" → {where}{locked}\n")
    others = [o for o in world.contents(room) if o.kind != Kind.EXIT]
    out.append("\nContents\n", style=_HEADING)
    if not others:
        out.append("  empty\n", style=_DIM)
    for obj in others:
        npc = " npc" if obj.kind == Kind.CHARACTER and not world.is_player_character(obj) else ""
        out.append(f"  {_KIND_MARK.get(obj.kind, ' ')} {strip_controls(obj.name)}")
        out.append(f" #{obj.id} {obj.kind}{npc}\n", style=_DIM)
    if room.attrs:
        out.append("\nAttributes\n", style=_HEADING)
        for key, value in sorted(room.attrs.items()):
            out.append(f"  {key}", style="bold")
            out.append(f" = {_short(value)}\n")
    out.append("\nTags ", style=_HEADING)
    out.append(", ".join(sorted(room.tags)) or "none", style=None if room.tags else _DIM)
    return out


def _esc(text: str) -> str:
    from sandbox.markup import escape

    return escape(text)


def _short(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


class Inspector(VerticalScroll):
    """Shows one room; ``room_id`` None means "wherever the builder is"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = "Room"
        self.room_id: int | None = None

    def compose(self):
        yield Static(id="inspector-body")

    def show(self, world: World, room: GameObject | None, theme: Theme) -> None:
        self.room_id = room.id if room is not None else None
        self.border_title = literal(f"Room #{room.id}" if room is not None else "Room")
        self.query_one("#inspector-body", Static).update(room_report(world, room, theme))
