"""The live map: the grid from ``sandbox.tui.mapper`` cropped to the widget, and the
rooms that did not fit the grid listed beneath it."""
from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from sandbox.engine.objects import GameObject
from sandbox.engine.world import World, direction_of
from sandbox.markup import cells, strip_controls
from sandbox.tui import mapper

_HERE = Style(bold=True, color="bright_yellow")
_DIM = Style(dim=True)
#: What the map's marks mean (see mapper.draw).
LEGEND = "[@] you  [ ] room  ↑↓↕ up/down  - | / \\ exits"


def room_source(world: World) -> mapper.RoomSource:
    def source(room_id: int) -> mapper.MapRoom | None:
        room = world.get(room_id)
        if room is None:
            return None
        exits: dict[str, int] = {}
        for exit_ in world.exits(room):
            if exit_.destination is not None:
                exits[direction_of(exit_.name) or exit_.name] = exit_.destination
        return mapper.MapRoom(room.id, room.name, room.area or "", exits)

    return source


def map_text(world: World, room: GameObject | None, width: int, height: int) -> Text:
    if room is None:
        return Text("(no room)", style=_DIM)
    result = mapper.layout(room.id, room_source(world))
    off_lines = min(len(result.off_grid), max(2, height // 3)) + (1 if result.off_grid else 0)
    legend = height >= 8  # below that the grid needs every line
    picture = mapper.crop(mapper.draw(result), max(3, width), max(1, height - off_lines - 1 - legend))
    out = Text(end="")
    for row, line in enumerate(picture.lines):
        if row == picture.origin_row and 0 < picture.origin_col < len(line):
            col = picture.origin_col
            out.append(line[: col - 1])
            out.append(line[col - 1 : col + 2], style=_HERE)
            out.append(line[col + 2 :])
        else:
            out.append(line)
        out.append("\n")
    # Labels are cut to the widget by terminal cells (a CJK name is twice as wide as its
    # length), so each stays on one line under the grid instead of wrapping raggedly.
    out.append(cells.truncate(f"@ {strip_controls(room.name)}", width), style=_HERE)
    if result.off_grid:
        out.append("\nOff the grid:", style=_DIM)
        shown = result.off_grid[: off_lines - 1]
        for entry in shown:
            name = cells.truncate(f"  {strip_controls(entry.name)} #{entry.room_id}", width)
            out.append("\n" + name)
            out.append(cells.truncate(f" ({entry.reason})", max(0, width - cells.width(name))), style=_DIM)
        if len(result.off_grid) > len(shown):
            out.append(f"\n  … {len(result.off_grid) - len(shown)} more", style=_DIM)
    if legend:
        out.append("\n" + cells.truncate(LEGEND, width), style=_DIM)
    return out


class MapView(Static):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = "Map"
        self._last: tuple[World, int | None] | None = None

    def show(self, world: World, room: GameObject | None) -> None:
        self._last = (world, room.id if room is not None else None)
        size = self.content_region.size
        self.update(map_text(world, room, size.width or 40, size.height or 12))

    def on_resize(self) -> None:
        if self._last is not None:
            world, room_id = self._last
            self.show(world, world.get(room_id))
