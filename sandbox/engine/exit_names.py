"""Exit names that would hide or fake a command are refused.

Typing an exit's name walks through it, and exits are matched before commands, so an
exit called ``quit`` or ``look`` used to take over that command in its room, and one
called ``perm Mallory = admin`` was a link that ran ``perm``. An exit's name and
aliases may therefore not begin with a word of the core command set (the commands
every character has). Dispatch also lets core commands win over such exits already in
the world (see :mod:`sandbox.engine.dispatch`).
"""
from __future__ import annotations

from collections.abc import Iterable

from sandbox.engine.commands import DEFAULT_CMDSET, CommandTable
from sandbox.engine.dispatch import split_line
from sandbox.engine.text import escape
from sandbox.engine.world import direction_of


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
