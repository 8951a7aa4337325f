"""The live map's layout: rooms placed on a grid from their exits' directions.

Pure functions over a small room view, so the layout is testable without Textual or an
engine. Rooms that cannot sit on the grid (a cell already taken, a vertical or named
exit, another area) are returned in ``off_grid`` with the reason, never dropped.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: Grid steps for the compass directions; y grows southwards, like screen rows.
VECTORS: dict[str, tuple[int, int]] = {
    "north": (0, -1),
    "south": (0, 1),
    "east": (1, 0),
    "west": (-1, 0),
    "northeast": (1, -1),
    "northwest": (-1, -1),
    "southeast": (1, 1),
    "southwest": (-1, 1),
}
#: Exits shown as a marker inside a room's cell instead of a line on the grid.
VERTICAL = ("up", "down")

CELL_WIDTH = 4  # "[ ]" plus one column for a connector
CELL_HEIGHT = 2  # the cell row plus one row for connectors


@dataclass(frozen=True, slots=True)
class MapRoom:
    """What the mapper needs of a room. ``exits`` maps a canonical direction (or any
    other exit name) to the destination room's id."""

    id: int
    name: str
    area: str
    exits: dict[str, int]


@dataclass(frozen=True, slots=True)
class OffGrid:
    room_id: int
    name: str
    reason: str  #: e.g. "down from Village Green", "east of Mill: cell taken"


@dataclass
class Layout:
    origin: int
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)
    cells: dict[tuple[int, int], int] = field(default_factory=dict)
    links: set[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=set)
    markers: dict[int, set[str]] = field(default_factory=dict)  #: room id → {"up", "down"}
    off_grid: list[OffGrid] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


RoomSource = Callable[[int], MapRoom | None]


def layout(origin: int, source: RoomSource, *, radius: int = 12, max_rooms: int = 400) -> Layout:
    """Breadth-first from ``origin``: each compass exit places its room one step away.

    The first room to claim a cell keeps it; a later claimant goes to ``off_grid``
    unless some other path places it. Only rooms of the origin's area are walked.
    """
    result = Layout(origin)
    start = source(origin)
    if start is None:
        return result
    result.positions[origin] = (0, 0)
    result.cells[(0, 0)] = origin
    result.names[origin] = start.name
    pending: dict[int, OffGrid] = {}
    queue: deque[MapRoom] = deque([start])
    while queue:
        room = queue.popleft()
        here = result.positions[room.id]
        for direction, dest_id in sorted(room.exits.items()):
            vector = VECTORS.get(direction)
            if vector is None:
                if direction in VERTICAL:
                    result.markers.setdefault(room.id, set()).add(direction)
                    verb = f"{direction} from"
                else:
                    verb = f"'{direction}' from"
                if dest_id not in result.positions and dest_id not in pending:
                    dest = source(dest_id)
                    if dest is not None:
                        pending[dest_id] = OffGrid(dest_id, dest.name, f"{verb} {room.name}")
                continue
            target = (here[0] + vector[0], here[1] + vector[1])
            if dest_id in result.positions:
                if result.positions[dest_id] == target:
                    result.links.add(_link(here, target))
                continue
            dest = source(dest_id)
            if dest is None:
                continue
            if dest.area != start.area:
                pending.setdefault(dest_id, OffGrid(dest_id, dest.name, f"{direction} of {room.name}, in {dest.area or 'no area'}"))
                continue
            taken = result.cells.get(target)
            too_far = max(abs(target[0]), abs(target[1])) > radius or len(result.positions) >= max_rooms
            if taken is not None or too_far:
                why = f"cell taken by {result.names[taken]}" if taken is not None else "beyond the map's edge"
                pending.setdefault(dest_id, OffGrid(dest_id, dest.name, f"{direction} of {room.name}: {why}"))
                continue
            result.positions[dest_id] = target
            result.cells[target] = dest_id
            result.names[dest_id] = dest.name
            result.links.add(_link(here, target))
            pending.pop(dest_id, None)
            queue.append(dest)
    result.off_grid = [entry for rid, entry in pending.items() if rid not in result.positions]
    return result


def _link(a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class Picture:
    """The map as text lines, and where the origin's marker is (column, row)."""

    lines: list[str]
    origin_col: int
    origin_row: int


def _marker(layout_: Layout, room_id: int) -> str:
    if room_id == layout_.origin:
        return "@"
    marks = layout_.markers.get(room_id, set())
    if len(marks) == 2:
        return "↕"
    if "up" in marks:
        return "↑"
    if "down" in marks:
        return "↓"
    return " "


def draw(layout_: Layout) -> Picture:
    """Cells are ``[ ]`` (``[@]`` for the origin, arrows for up/down exits), joined by
    ``-``, ``|``, ``/`` and ``\\``; crossing diagonals become ``X``."""
    if not layout_.positions:
        return Picture([], 0, 0)
    xs = [p[0] for p in layout_.positions.values()]
    ys = [p[1] for p in layout_.positions.values()]
    min_x, min_y = min(xs), min(ys)
    width = (max(xs) - min_x) * CELL_WIDTH + 3
    height = (max(ys) - min_y) * CELL_HEIGHT + 1
    grid = [[" "] * width for _ in range(height)]

    def put(col: int, row: int, char: str) -> None:
        if 0 <= row < height and 0 <= col < width:
            old = grid[row][col]
            grid[row][col] = "X" if {old, char} == {"/", "\\"} else char

    for room_id, (x, y) in layout_.positions.items():
        col, row = (x - min_x) * CELL_WIDTH, (y - min_y) * CELL_HEIGHT
        grid[row][col : col + 3] = ["[", _marker(layout_, room_id), "]"]
    for (ax, ay), (bx, by) in layout_.links:
        col, row = (ax - min_x) * CELL_WIDTH, (ay - min_y) * CELL_HEIGHT
        dx, dy = bx - ax, by - ay  # a <= b, so dx >= 0
        if dy == 0:
            put(col + 3, row, "-")
        elif dx == 0:
            put(col + 1, row + 1, "|")
        elif dy > 0:
            put(col + 3, row + 1, "\\")
        else:
            put(col + 3, row - 1, "/")
    ox, oy = layout_.positions[layout_.origin]
    return Picture(["".join(r).rstrip() for r in grid], (ox - min_x) * CELL_WIDTH + 1, (oy - min_y) * CELL_HEIGHT)


def crop(picture: Picture, width: int, height: int) -> Picture:
    """A window of at most width x height, centred on the origin where it can be."""
    lines = picture.lines
    total_w = max((len(l) for l in lines), default=0)
    left = _window_start(picture.origin_col, width, total_w)
    top = _window_start(picture.origin_row, height, len(lines))
    window = [line[left : left + width] for line in lines[top : top + height]]
    return Picture(window, picture.origin_col - left, picture.origin_row - top)


def _window_start(centre: int, size: int, total: int) -> int:
    if total <= size:
        return 0
    return max(0, min(centre - size // 2, total - size))
