"""Which link commands may be live in world text: the policy behind ``disarm_links``.

World text (descriptions, exit names) is written by builders, and a link in it runs its
command as whoever clicks it. A builder's ``[link=perm Mallory = admin]a coin[/link]``
is a trap for an admin, and ``[link=destroy #12]`` for anyone who may destroy #12. The
engine does not record who wrote each text, so every world text is treated as written
by the lowest rank that can write it (a builder): a link whose command needs more than
a player's rank is sent as its plain label, to every reader; a player-level link
(``look mill``, ``north``, ``say hi``) stays live. Readers who mean it type the command.
"""
from __future__ import annotations

from functools import lru_cache

from sandbox.engine.commands import CommandTable
from sandbox.engine.dispatch import split_line
from sandbox.engine.objects import Perm
from sandbox.markup.links import disarm_links


class LinkGuard:
    def __init__(self, table: CommandTable) -> None:
        safe: set[str] = set()
        privileged: set[str] = set()
        for cs in table.cmdsets.values():
            for name, cmd in cs.by_name.items():
                (privileged if cmd.perm > Perm.PLAYER else safe).add(name)
        self.safe = frozenset(safe)
        self.privileged = tuple(sorted(privileged))

    def dangerous(self, command: str) -> bool:
        """Would this command, typed, reach a command above a player's rank? An exact
        player-level name is safe; a privileged name, or a prefix of one, is not."""
        word, _, _ = split_line(command)
        if not word or word in self.safe:
            return False
        return any(name.startswith(word) for name in self.privileged)

    def apply(self, markup: str) -> str:
        return disarm_links(markup, self.dangerous)


@lru_cache(maxsize=8)
def guard_for(table: CommandTable) -> LinkGuard:
    """One guard per command table (a reload builds a new table, and a new guard)."""
    return LinkGuard(table)
