"""Tab completion for a command line: commands and exits first, visible objects after.

Shared by the TUI's input widget and `sandbox play`'s prompt; reads the world and the
command table only, and each front end keeps its own cycling or menu state.
"""
from __future__ import annotations

from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject, Kind


def first_words(engine: Engine, char: GameObject) -> list[str]:
    """Command names the character may use, and the exits of its room."""
    words = {name for cmd in engine.table.all_commands() if cmd.perm <= char.perm for name in cmd.names}
    room = engine.world.room_of(char)
    if room is not None:
        for exit_ in engine.world.exits(room):
            words.update(exit_.names())
    return sorted(w for w in words if w and " " not in w)


def object_words(engine: Engine, char: GameObject) -> list[str]:
    """Names of what the character carries and what is in its room. Exits are left
    out: they complete as first words (``north``), not as things to drop or take."""
    world = engine.world
    pool = list(world.contents(char))
    room = world.room_of(char)
    if room is not None:
        pool.extend(o for o in world.contents(room) if o.id != char.id and o.kind != Kind.EXIT)
    words = {name for obj in pool for name in obj.names() if name}
    return sorted(words, key=str.lower)


def completions(line: str, first: list[str], rest: list[str]) -> list[str]:
    """Every full line the current line can complete to, in order.

    The first word completes from ``first``; later words complete the last word (or the
    whole argument, so ``look notice b`` finds ``notice board``) from ``rest``.
    """
    if " " not in line.lstrip():
        stem = line.lstrip()
        return [w for w in first if w.lower().startswith(stem.lower()) and w != stem]
    head, _, tail = line.partition(" ")
    argument = tail.lstrip()
    lead = head + " " + tail[: len(tail) - len(argument)]
    # Offer whole names matching the whole argument first, then the last word alone.
    out = [lead + w for w in rest if w.lower().startswith(argument.lower()) and w != argument]
    before, _, last = argument.rpartition(" ")
    if before:
        prefix = lead + before + " "
        out += [prefix + w for w in rest if " " not in w and w.lower().startswith(last.lower()) and w != last]
    return list(dict.fromkeys(out))  # first occurrence wins, order kept


def common_prefix(options: list[str]) -> str:
    if not options:
        return ""
    low = min(options)
    high = max(options)
    n = 0
    while n < min(len(low), len(high)) and low[n] == high[n]:
        n += 1
    return low[:n]


def line_completions(engine: Engine, char: GameObject, line: str) -> list[str]:
    """Every full line ``line`` can complete to, for this character where it stands."""
    first = " " not in line.lstrip()
    return completions(line, first_words(engine, char) if first else [], [] if first else object_words(engine, char))
