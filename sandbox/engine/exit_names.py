"""Exit names that would hide or fake a command are refused.

Typing an exit's name walks through it, and exits are matched before commands, so an
exit called ``quit`` or ``look`` used to take over that command in its room, and one
called ``perm Mallory = admin`` was a link that ran ``perm``. An exit's name and
aliases may therefore not begin with a word of the core command set (the commands
every character has). Dispatch also lets core commands win over such exits already in
the world (see :mod:`sandbox.engine.dispatch`).

Nor may two exits of one room answer to the same word: the second could never be
used (typing the word takes the first). `dig`, `open`, `tunnel`, `name` and `alias`
all ask :func:`duplicate_exit_problem` before they make or rename an exit.
"""
from __future__ import annotations

from collections.abc import Iterable

from sandbox.engine.commands import DEFAULT_CMDSET, CommandTable
from sandbox.engine.describe import name_markup
from sandbox.engine.dispatch import split_line
from sandbox.engine.objects import GameObject
from sandbox.engine.text import escape
from sandbox.engine.world import World, direction_of


def core_words(table: CommandTable) -> frozenset[str]:
    cs = table.cmdset(DEFAULT_CMDSET)
    return frozenset(cs.by_name) if cs is not None else frozenset()


def exit_name_problem(table: CommandTable, names: Iterable[str]) -> str | None:
    core = core_words(table)
    for name in names:
        word, _, _ = split_line(name)
        if word in core and direction_of(word) is None:
            return (
                f"An exit may not be called '{escape(name)}': '{escape(word)}' is a command, "
                "and the exit would hide it or run it when clicked."
            )
    return None


def duplicate_exit_problem(world: World, room: GameObject, names: Iterable[str], *, ignore: GameObject | None = None) -> str | None:
    """Why room cannot have another exit with these names (one of them already names an
    exit there, or they repeat themselves), as markup naming that exit; or None."""
    taken: dict[str, GameObject] = {}
    for e in world.exits(room):
        if ignore is None or e.id != ignore.id:
            for n in e.names():
                taken.setdefault(n.lower(), e)
    seen: set[str] = set()
    for name in names:
        low = name.lower()
        other = taken.get(low)
        if other is not None:
            also = f" (also called {escape(', '.join(other.aliases))})" if other.aliases else ""
            return (
                f"{name_markup(room)} already has an exit answering to '{escape(name)}': "
                f"{name_markup(other)} [dim]{other.ref}[/dim]{also}. Rename or destroy it first."
            )
        if low in seen:
            return f"'{escape(name)}' is given twice; an exit answers to each name once."
        seen.add(low)
    return None
