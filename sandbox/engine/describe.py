"""How rooms and objects look: markup built from world data.

Names come from builders and players, so they are escaped before they go into markup.
Descriptions are builders' markup: with a ``guard`` (see :mod:`sandbox.engine.link_guard`),
their links that carry privileged commands are sent as plain labels, and so are exits
whose name would run such a command. Characters that are not players are marked NPC in
room lists, so an NPC cannot pass for a player there.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.text import escape
from sandbox.engine.world import World, direction_of

if TYPE_CHECKING:
    from sandbox.engine.link_guard import LinkGuard

_SEMANTIC = {Kind.ROOM: "room", Kind.EXIT: "exit", Kind.THING: "item", Kind.CHARACTER: "player"}


def tag_for(obj: GameObject) -> str:
    """The semantic markup tag for an object's name: an NPC is styled as one."""
    if obj.kind == Kind.CHARACTER and _is_npc(obj):
        return "npc"
    return _SEMANTIC[obj.kind]


def _is_npc(obj: GameObject) -> bool:
    """Not a player, by the world's rule. An object out of any world (just destroyed)
    has no accounts to ask: its tag is all there is."""
    world = obj._world
    return not world.is_player_character(obj) if world is not None else "npc" in obj.tags


def name_markup(obj: GameObject, *, with_ref: bool = False) -> str:
    tag = tag_for(obj)
    ref = f" [dim]({obj.ref})[/dim]" if with_ref else ""
    return f"[{tag}]{escape(obj.name)}[/{tag}]{ref}"


#: Asks whether the viewer passes an object's ``view`` lock (the engine's lock check).
CanView = Callable[[GameObject], bool]
_HIDDEN = " [dim](hidden)[/dim]"


def exit_list(world: World, room: GameObject, guard: LinkGuard | None = None, hidden: frozenset[int] = frozenset(), builder: bool = False) -> str:
    exits = [e for e in world.exits(room) if builder or e.id not in hidden]
    if not exits:
        return "[exit]There are no obvious exits.[/exit]"
    return "Exits: " + ", ".join(_exit_markup(e, guard) + (_HIDDEN if e.id in hidden else "") for e in _ordered_exits(exits))


def lock_holders(world: World, room: GameObject) -> tuple[list[GameObject], list[GameObject]]:
    """What in room has a ``view`` lock, and which of its exits (with a destination)
    have any lock: memoised, so a room without locks costs ``look`` one lookup."""
    return world.memo(("lock-holders", room.id), lambda: _lock_holders(world, room))


def _lock_holders(world: World, room: GameObject) -> tuple[list[GameObject], list[GameObject]]:
    view = [o for o in world.contents(room) if o.locks and "view" in o.locks]
    exits = [e for e in world.exits(room) if e.locks and e.destination is not None]
    return view, exits


def hidden_from(world: World, room: GameObject, can_view: CanView | None) -> frozenset[int]:
    """Ids of what is in room that the viewer's view locks hide (usually none: only
    objects with a ``view`` lock are asked about)."""
    if can_view is None:
        return frozenset()
    locked = lock_holders(world, room)[0]
    return frozenset(o.id for o in locked if not can_view(o)) if locked else frozenset()


def _exit_markup(e: GameObject, guard: LinkGuard | None = None) -> str:
    label = f"[exit]{escape(e.name)}[/exit]"
    # A link's command cannot hold `[` or `]` (escaping does not apply inside the tag:
    # `]` would end it early), so a builder's exit called `a]b` or `c[d` is shown
    # without a link instead of breaking the markup of the whole room (a newline, from
    # an imported file, would end the tag too).
    if any(c in e.name for c in "[]\n"):
        return label
    # An exit called `perm Mallory = admin` would be a button for that command.
    if guard is not None and guard.dangerous(e.name):
        return label
    return f"[link={escape(e.name)}]{label}[/link]"


def _ordered_exits(exits: list[GameObject]) -> list[GameObject]:
    order = list(("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest", "up", "down"))

    def key(e: GameObject) -> tuple[int, str]:
        d = direction_of(e.name)
        return (order.index(d) if d in order else len(order), e.name)

    return sorted(exits, key=key)


def describe_room(
    world: World, room: GameObject, viewer: GameObject, guard: LinkGuard | None = None, can_view: CanView | None = None
) -> str:
    """The room as viewer sees it. Objects whose view lock (asked through can_view)
    refuses the viewer are left out, or shown to builders marked (hidden)."""
    builder = viewer.perm >= Perm.BUILDER
    hidden = hidden_from(world, room, can_view)
    header = world.memo(("room-header", room.id, builder, guard, hidden), lambda: _room_header(world, room, builder, guard, hidden))
    chars, things = world.memo(("room-occupants", room.id, builder, hidden), lambda: _occupants(world, room, builder, hidden))
    lines = [header]
    here = [markup for oid, markup in chars if oid != viewer.id]
    if here:
        lines.append("Here: " + ", ".join(here) + ".")
    if things:
        lines.append(things)
    return "\n".join(lines)


def _room_header(world: World, room: GameObject, builder: bool, guard: LinkGuard | None = None, hidden: frozenset[int] = frozenset()) -> str:
    lines = [f"[title]{name_markup(room, with_ref=builder)}[/title]"]
    if room.desc:
        lines.append(guard.apply(room.desc) if guard is not None else room.desc)
    lines.append(exit_list(world, room, guard, hidden, builder))
    return "\n".join(lines)


def _occupants(world: World, room: GameObject, builder: bool, hidden: frozenset[int] = frozenset()) -> tuple[list[tuple[int, str]], str]:
    chars: list[tuple[int, str]] = []
    things: list[str] = []
    for o in world.contents(room):
        if o.id in hidden:
            if not builder:
                continue
            if o.kind == Kind.CHARACTER:
                chars.append((o.id, name_markup(o, with_ref=True) + _HIDDEN))
            elif o.kind == Kind.THING:
                things.append(name_markup(o, with_ref=True) + _HIDDEN)
            continue
        if o.kind == Kind.CHARACTER:
            if world.is_player_character(o):
                chars.append((o.id, name_markup(o, with_ref=builder)))
            else:
                chars.append((o.id, name_markup(o) + (f" [dim](NPC {o.ref})[/dim]" if builder else " [dim](NPC)[/dim]")))
        elif o.kind == Kind.THING:
            things.append(name_markup(o, with_ref=builder))
    return chars, ("You see: " + ", ".join(things) + ".") if things else ""


def describe_object(world: World, obj: GameObject, viewer: GameObject, guard: LinkGuard | None = None) -> str:
    if obj.kind == Kind.ROOM:
        return describe_room(world, obj, viewer, guard)
    lines = [name_markup(obj)]
    if obj.kind == Kind.CHARACTER and not world.is_player_character(obj):
        lines[0] += " [dim](NPC)[/dim]"
    desc = obj.desc or "You see nothing special."
    lines.append(guard.apply(desc) if guard is not None else desc)
    if obj.kind == Kind.EXIT:
        dest = world.get(obj.destination)
        if dest is not None:
            lines.append(f"It leads to {name_markup(dest)}.")
    held = [o for o in world.contents(obj) if o.kind != Kind.EXIT]
    if held:
        lines.append("Carrying: " + ", ".join(name_markup(o) for o in held) + ".")
    return "\n".join(lines)


def room_info(
    world: World, room: GameObject, can_pass: Callable[[GameObject], bool] | None = None, hidden: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """GMCP Room.Info shape (what Mudlet's mapper reads): ids, name, area, exits.

    With ``can_pass`` (the viewer's traverse-lock check), exits it refuses are listed
    under ``locked``; exits in ``hidden`` (view-locked from the viewer) are left out.
    """
    info: dict[str, Any] = world.memo(("room-info", room.id), lambda: _room_info(world, room))
    if can_pass is None and not hidden:
        return info
    with_locks = lock_holders(world, room)[1]
    if not with_locks:
        return info
    locked: list[str] = []
    exits = dict(info["exits"])
    for e in with_locks:
        name = direction_of(e.name) or e.name
        if e.id in hidden:
            exits.pop(name, None)
        elif can_pass is not None and not can_pass(e):
            locked.append(name)
    out = {**info, "exits": exits}
    if locked:  # not in the GMCP convention; clients ignore keys they do not know
        out["locked"] = locked
    return out


def _room_info(world: World, room: GameObject) -> dict[str, Any]:
    exits: dict[str, int] = {}
    for e in world.exits(room):
        if e.destination is not None:
            exits[direction_of(e.name) or e.name] = e.destination
    return {"num": room.id, "name": room.name, "area": room.area or "", "exits": exits}
