"""Commands, behaviours and the immutable table the engine dispatches from.

A :class:`CommandTable` is built whole (by the loader) and swapped in whole, so a
half-loaded set of modules can never serve a command. Nothing outside the registry
should hold a :class:`Command`, so old code is released when a table is replaced.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.engine.locks import LockFunc, LockFuncs
from sandbox.engine.objects import Perm

if TYPE_CHECKING:
    from sandbox.engine.context import Context

#: The command set every character has unless it names others.
DEFAULT_CMDSET = "default"


@dataclass(frozen=True, slots=True, eq=False)
class Command:
    """One verb: a key, its aliases, who may use it, help text and one function."""

    key: str
    func: Callable[[Context], Any]
    aliases: tuple[str, ...] = ()
    perm: Perm = Perm.PLAYER
    help: str = ""
    cmdset: str = DEFAULT_CMDSET
    category: str = "general"
    source: str = ""
    #: Goes into the caller's undo history? None: yes for builder commands.
    undoable: bool | None = None
    #: A lock expression the caller must pass (checked against the object that brings
    #: the command, or the caller for their own commands), e.g. ``"tag(guild)"``.
    lock: str | None = None

    def __call__(self, ctx: Context) -> Any:
        return self.func(ctx)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)

    @property
    def summary(self) -> str:
        first = self.help.strip().splitlines()[0] if self.help.strip() else ""
        return first

    def signature(self) -> tuple[Any, ...]:
        """What a reload compares to tell whether a command changed."""
        code = getattr(self.func, "__code__", None)
        return (
            self.key,
            self.aliases,
            self.perm,
            self.help,
            self.cmdset,
            self.lock,
            code.co_code if code else None,
            code.co_consts if code else None,
        )


@dataclass(frozen=True, slots=True, eq=False)
class Behaviour:
    """A repeating action an object performs by itself (a wandering NPC)."""

    name: str
    func: Callable[[Context], Any]
    source: str = ""

    def __call__(self, ctx: Context) -> Any:
        return self.func(ctx)


def command(
    key: str,
    *,
    aliases: Iterable[str] = (),
    perm: str | Perm = "player",
    cmdset: str = DEFAULT_CMDSET,
    category: str = "general",
    help: str | None = None,
    undoable: bool | None = None,
    lock: str | None = None,
) -> Callable[[Callable[[Context], Any]], Command]:
    """Declare a command; the function's docstring is its in-game help.

    ``undoable``: whether a turn of this command goes into the caller's undo history
    (default: builder and admin commands do, player commands don't).
    ``lock``: a lock expression the caller must also pass (Evennia's ``cmd:`` lock),
    e.g. ``lock="tag(smith) or perm(builder)"``; it is parsed here, so a typo fails
    the module's load with the column.
    """
    if lock is not None:
        from sandbox.engine.locks import parse_expr

        parse_expr(lock)

    def wrap(func: Callable[[Context], Any]) -> Command:
        return Command(
            key=key.lower(),
            func=func,
            aliases=tuple(a.lower() for a in aliases),
            perm=Perm.parse(perm),
            help=(help if help is not None else (func.__doc__ or "")).strip(),
            cmdset=cmdset,
            category=category,
            source=getattr(func, "__module__", "") or "",
            undoable=undoable,
            lock=lock,
        )

    return wrap


def behaviour(name: str) -> Callable[[Callable[[Context], Any]], Behaviour]:
    """Declare a behaviour objects can run on a timer (``attrs.behaviours = {name: seconds}``)."""

    def wrap(func: Callable[[Context], Any]) -> Behaviour:
        return Behaviour(name=name, func=func, source=getattr(func, "__module__", "") or "")

    return wrap


@dataclass(slots=True)
class CmdSet:
    """The commands of one named set, indexed by every name they answer to."""

    name: str
    commands: list[Command] = field(default_factory=list)
    by_name: dict[str, Command] = field(default_factory=dict)

    def add(self, cmd: Command) -> None:
        self.commands.append(cmd)
        for name in cmd.names:
            # The first module to claim a name keeps it; the loader reports clashes.
            self.by_name.setdefault(name, cmd)


class CommandTable:
    """All loaded command sets and behaviours; immutable once built."""

    def __init__(
        self, commands: Iterable[Command] = (), behaviours: Iterable[Behaviour] = (), lockfuncs: Iterable[LockFunc] = ()
    ) -> None:
        self.cmdsets: dict[str, CmdSet] = {}
        self.behaviours: dict[str, Behaviour] = {}
        #: Lock functions, and every lock compiled against them (a new table compiles anew).
        self.locks = LockFuncs(lockfuncs)
        for cmd in commands:
            self.cmdsets.setdefault(cmd.cmdset, CmdSet(cmd.cmdset)).add(cmd)
        for beh in behaviours:
            self.behaviours[beh.name] = beh

    def cmdset(self, name: str) -> CmdSet | None:
        return self.cmdsets.get(name)

    def all_commands(self) -> list[Command]:
        return [cmd for cs in self.cmdsets.values() for cmd in cs.commands]

    def find(self, key: str, cmdset: str = DEFAULT_CMDSET) -> Command | None:
        cs = self.cmdsets.get(cmdset)
        return cs.by_name.get(key) if cs else None
