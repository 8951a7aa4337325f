"""Turning a line of input into a command: layered tables, prefixes and suggestions.

Layers, highest priority first (the first exact match wins), except that an exit with
a name that is not a direction never hides a command of the character's own command
sets (an exit called ``quit`` must not keep anyone in the room; such names are refused
when exits are made, see exit_names.py). Directions always move:

====  =======================================  ==========
prio  layer                                    example
====  =======================================  ==========
30    exits of the caller's room               ``north``
20    command sets the room brings             ``pray`` in a chapel
10    command sets of objects present/carried  ``pull`` from a lever
 0    the character's own command sets         ``look``
====  =======================================  ==========

Exact names (keys and aliases) are tried first across all layers, then unique prefixes.
Nothing here builds a merged dict per input: the layers are walked in place, which keeps
``look`` cheap.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from sandbox.engine.commands import DEFAULT_CMDSET, CmdSet, Command, CommandTable
from sandbox.engine.locks import LockCheck
from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.world import World, direction_of

PRIORITY_EXIT = 30
PRIORITY_ROOM = 20
PRIORITY_OBJECT = 10
PRIORITY_CHARACTER = 0

#: Punctuation shortcuts: ``'hello`` says, ``:waves`` emotes.
SHORTCUTS = {"'": "say", '"': "say", ":": "emote", ";": "emote"}


@dataclass(frozen=True, slots=True)
class Resolved:
    """A command to run; ``exit`` or ``provider`` say what brought it."""

    command: Command | None
    word: str
    args: str
    provider: GameObject | None = None
    exit: GameObject | None = None
    switches: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unresolved:
    message: str  # markup for the caller
    #: A direction with no exit: the engine answers with the room's "can't go" text.
    no_exit: bool = False


def split_line(line: str) -> tuple[str, str, tuple[str, ...]]:
    """``"create/npc Bob"`` → ``("create", "Bob", ("npc",))``."""
    line = line.strip()
    if not line:
        return "", "", ()
    if line[0] in SHORTCUTS:
        return SHORTCUTS[line[0]], line[1:].strip(), ()
    word, _, rest = line.partition(" ")
    word, *switches = word.lower().split("/")
    return word, rest.strip(), tuple(s for s in switches if s)


def resolve(world: World, table: CommandTable, caller: GameObject, line: str) -> Resolved | Unresolved | None:
    word, args, switches = split_line(line)
    if not word:
        return None
    room = world.room_of(caller)
    exits = world.exits(room) if room is not None else []

    # 1. exact matches, layer by layer
    if exits:
        assert room is not None
        exit_names = world.memo(("exit-names", room.id), lambda: _exit_names(exits))
        if word in exit_names and not _own_command(table, caller, word):
            return Resolved(None, word, args, exit=exit_names[word])
    if room is not None and room.cmdsets and _may_call(world, table, caller, room):
        for cs_name in room.cmdsets:
            cs = table.cmdset(cs_name)
            if cs and word in cs.by_name:
                return Resolved(cs.by_name[word], word, args, provider=room, switches=switches)
    providers = _object_providers(world, caller, room)
    if providers and any(o.locks for o in providers):
        providers = [o for o in providers if _may_call(world, table, caller, o)]
    if providers:
        hits = [(obj, cs.by_name[word]) for obj, cs in _provider_sets(table, providers) if word in cs.by_name]
        if hits:
            obj, cmd = _pick_provider(hits, args)
            return Resolved(cmd, word, args, provider=obj, switches=switches)
    for cs_name in caller.cmdsets or (DEFAULT_CMDSET,):
        cs = table.cmdset(cs_name)
        if cs and word in cs.by_name:
            return Resolved(cs.by_name[word], word, args, switches=switches)

    # A direction word never becomes another command by prefix (`n` is not `name`,
    # `e` not `emote`) nor a longer exit name: with no exit that way, it is a wall.
    if direction_of(word) is not None:
        return Unresolved("You can't go that way.", no_exit=True)

    # 2. unique prefixes (only among commands the caller may use)
    names: dict[str, tuple[Command | None, GameObject | None, GameObject | None]] = {}
    for e in exits:
        for n in e.names():
            if not _own_command(table, caller, n.lower()):
                names.setdefault(n.lower(), (None, None, e))
    sets: list[tuple[GameObject | None, CmdSet | None]] = []
    if room is not None and room.cmdsets and _may_call(world, table, caller, room):
        sets.extend((room, table.cmdset(c)) for c in room.cmdsets)
    sets.extend(_provider_sets(table, providers))
    sets.extend((None, table.cmdset(c)) for c in caller.cmdsets or (DEFAULT_CMDSET,))
    for provider, cs in sets:
        if cs is None:
            continue
        for n, cmd in cs.by_name.items():
            if cmd.perm <= caller.perm:
                names.setdefault(n, (cmd, provider, None))
    prefixed = {n: v for n, v in names.items() if n.startswith(word)}
    targets = {id(v[0] or v[2]): v for v in prefixed.values()}
    if len(targets) == 1:
        found, provider, exit_ = next(iter(targets.values()))
        return Resolved(found, word, args, provider=provider, exit=exit_, switches=switches)
    if len(targets) > 1:
        options = sorted({_label(cmd, exit_) for cmd, _, exit_ in targets.values()})
        return Unresolved(f"'{_safe(word)}' could mean: {', '.join(options)}.")

    close = difflib.get_close_matches(word, list(names), n=3, cutoff=0.6)
    if close:
        return Unresolved(f"Unknown command '{_safe(word)}'. Did you mean {' or '.join(close)}?")
    return Unresolved(f"Unknown command '{_safe(word)}'. Type [help]help[/help] for a list.")


def _may_call(world: World, table: CommandTable, caller: GameObject, obj: GameObject) -> bool:
    """Does obj's ``call`` lock let caller use the commands obj brings (Evennia's call lock)?"""
    expr = obj.locks.get("call") if obj.locks else None
    if expr is None:
        return True
    return bool(table.locks.compiled(expr)(LockCheck(caller, obj, world, "call")))


def _own_command(table: CommandTable, caller: GameObject, word: str) -> bool:
    """Is word a command of the caller's own sets, which an exit (unless it is a
    direction) must not hide?"""
    if direction_of(word) is not None:
        return False
    for cs_name in caller.cmdsets or (DEFAULT_CMDSET,):
        cs = table.cmdset(cs_name)
        if cs and word in cs.by_name:
            return True
    return False


def _exit_names(exits: list[GameObject]) -> dict[str, GameObject]:
    names: dict[str, GameObject] = {}
    for e in exits:
        for n in e.names():
            names.setdefault(n.lower(), e)
    return names


def _safe(word: str) -> str:
    from sandbox.engine.text import escape

    return escape(word[:40])


def _object_providers(world: World, caller: GameObject, room: GameObject | None) -> list[GameObject]:
    found = [o for o in world.contents(caller) if o.cmdsets] if caller.contents else []
    if room is not None:
        found.extend(
            world.memo(
                ("providers", room.id),
                lambda: [o for o in world.contents(room) if o.cmdsets and o.kind != Kind.EXIT],
            )
        )
    return [o for o in found if o.id != caller.id]


def _label(cmd: Command | None, exit_: GameObject | None) -> str:
    """What a prefix match is called when listing the options: a command key or an exit name."""
    if cmd is not None:
        return cmd.key
    assert exit_ is not None  # every prefix entry is a command or an exit
    return exit_.name


def _provider_sets(table: CommandTable, providers: list[GameObject]) -> list[tuple[GameObject, CmdSet]]:
    out: list[tuple[GameObject, CmdSet]] = []
    for obj in providers:
        for name in obj.cmdsets:
            cs = table.cmdset(name)
            if cs is not None:
                out.append((obj, cs))
    return out


def _pick_provider(hits: list[tuple[GameObject, Command]], args: str) -> tuple[GameObject, Command]:
    """Several objects bring the same verb: prefer the one the arguments name."""
    low = args.lower()
    if low:
        for obj, cmd in hits:
            if any(n.lower().startswith(low) or low in n.lower() for n in obj.names()):
                return obj, cmd
    return hits[0]
