"""What a command function receives: who called, with what, and ways to act on the world.

Commands import nothing of the engine but this (through ``sandbox.api``), so the engine
can change inside without breaking builders' modules.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sandbox.engine.describe import (
    describe_object,
    describe_room,
    hidden_from,
    lock_holders,
    name_markup,
    room_info,
)
from sandbox.engine.identity import match_names
from sandbox.engine.link_guard import guard_for
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.session import Message
from sandbox.engine.text import clean, clean_line, escape
from sandbox.engine.world import World

if TYPE_CHECKING:
    from sandbox.engine.commands import Command
    from sandbox.engine.core import Engine
    from sandbox.engine.session import Session

_ORDINAL = re.compile(r"^(\d+)[.-](.+)$")
_REF = re.compile(r"^#(\d+)$")


class Context:
    """One command call (or one behaviour tick)."""

    def __init__(
        self,
        engine: Engine,
        caller: GameObject,
        *,
        session: Session | None = None,
        cmd: Command | None = None,
        args: str = "",
        raw: str = "",
        obj: GameObject | None = None,
        word: str = "",
        switches: tuple[str, ...] = (),
    ) -> None:
        self.engine = engine
        self.world: World = engine.world
        self.caller = caller
        self.session = session
        self.cmd = cmd
        self.args = clean(args).strip()
        self.raw = raw
        #: The object that brought this command (an exit, a lever), if any.
        self.obj = obj
        #: The word the player typed (an alias or prefix of the key).
        self.word = word
        #: ``/switches`` typed after the command word (``create/npc``).
        self.switches = switches

    # -- who and where ---------------------------------------------------------------
    @property
    def here(self) -> GameObject | None:
        return self.world.room_of(self.caller)

    @property
    def is_builder(self) -> bool:
        return self.caller.perm >= Perm.BUILDER

    @property
    def is_admin(self) -> bool:
        return self.caller.perm >= Perm.ADMIN

    def may_edit(self, obj: GameObject, *, quiet: bool = False) -> bool:
        """May the caller change, move or destroy obj? Tells the caller why not.

        Builder commands call this on their target. Admins may edit anything; anyone
        may edit themselves and what they carry; otherwise another player's character
        and everything it carries can only be changed by someone of higher rank (so a
        builder cannot rename, retag, teleport or strip another builder or an admin).
        """
        if obj.locks and not self.engine.can(self.caller, obj, "edit"):
            if not quiet:
                self.error(self.engine.lock_message(obj, "edit", f"The edit lock of {name_markup(obj)} keeps you out."))
            return False
        owner = self.world.player_holding(obj)
        if owner is None or owner.id == self.caller.id or self.is_admin or self.caller.perm > owner.perm:
            return True
        if not quiet:
            what = "" if owner is obj else f" {name_markup(obj)}, which belongs to"
            self.error(f"You may not change{what} {name_markup(owner)} ({owner.perm.label}).")
        return False

    def can(self, obj: GameObject, access: str, *, default: bool = True) -> bool:
        """Does obj's ``access`` lock (``get``, ``traverse``, ``view``...) let the caller
        through? ``default`` when obj has no such lock. See docs/locks.md."""
        return self.engine.can(self.caller, obj, access, default=default)

    def lock_message(self, obj: GameObject, access: str, default: str) -> str:
        """Markup for a refusal by obj's ``access`` lock: obj's ``err_<access>``
        attribute if a builder set one, else default."""
        return self.engine.lock_message(obj, access, default)

    def parse_locks(self, text: str) -> dict[str, str]:
        """``access:expr; ...`` → {access: expr}, each expression in its canonical
        spelling; raises LockError (with the column in text) for bad syntax, a lock
        function no module provides, or arguments it cannot take."""
        from sandbox.engine.locks import parse_lockstring

        out: dict[str, str] = {}
        for access, node in parse_lockstring(text):
            error = self.engine.table.locks.problem(node, text)
            if error is not None:
                raise error
            out[access] = str(node)
        return out

    @property
    def now(self) -> float:
        return self.engine.clock.now()

    # -- messaging -------------------------------------------------------------------
    def reply(self, text: str, kind: str = "text", oob: dict[str, Any] | None = None) -> None:
        """Send markup to the caller."""
        self.engine.emit(self.caller, text, kind, oob=oob)

    def error(self, text: str) -> None:
        self.engine.emit(self.caller, f"[error]{text}[/error]", "error")

    def msg(self, obj: GameObject, text: str, kind: str = "text") -> None:
        """Send markup to whoever controls obj."""
        self.engine.emit(obj, text, kind)

    def room(
        self, text: str, *, exclude: Iterable[GameObject] | None = None, room: GameObject | None = None, kind: str = "text"
    ) -> None:
        """Announce to everyone in a room (the caller's by default), except ``exclude``.

        By default the caller is excluded: they usually get their own wording.
        """
        target = room or self.here
        if target is None:
            return
        skip = [self.caller] if exclude is None else list(exclude)
        self.engine.announce(target, text, exclude=skip, kind=kind)

    def online(self) -> list[tuple[GameObject, float]]:
        """Connected characters and their idle seconds, most recently active first."""
        now = self.engine.clock.now()
        best: dict[int, float] = {}
        for session in self.engine.sessions.values():
            idle = now - session.last_input_at
            best[session.character_id] = min(idle, best.get(session.character_id, idle))
        chars = [(self.world.objects[cid], idle) for cid, idle in best.items() if cid in self.world.objects]
        return sorted(chars, key=lambda pair: pair[1])

    def commands(self) -> list[Command]:
        """Every command of the caller's own command sets (what `help` lists)."""
        from sandbox.engine.commands import DEFAULT_CMDSET

        out: list[Command] = []
        for name in self.caller.cmdsets or (DEFAULT_CMDSET,):
            cs = self.engine.table.cmdset(name)
            if cs is not None:
                out.extend(cs.commands)
        return out

    def close_session(self) -> None:
        """Ask the front end to close the caller's connection after this turn's output."""
        if self.session is not None:
            self.engine._queue(self.session, Message("", "close"))

    # -- text helpers ----------------------------------------------------------------
    escape = staticmethod(escape)
    clean = staticmethod(clean_line)

    def name(self, obj: GameObject) -> str:
        """An object's name as markup with its semantic tag (escaped)."""
        return name_markup(obj, with_ref=False)

    def split(self, sep: str = "=") -> tuple[str, str | None]:
        """``'a = b'`` → ``('a', 'b')``; without sep → ``(args, None)``."""
        if sep not in self.args:
            return self.args.strip(), None
        left, right = self.args.split(sep, 1)
        return left.strip(), right.strip()

    # -- finding things --------------------------------------------------------------
    def candidates(self, where: str | Iterable[str] = ("here", "inventory")) -> list[GameObject]:
        places = (where,) if isinstance(where, str) else tuple(where)
        found: list[GameObject] = []
        here = self.here
        for place in places:
            if place == "inventory":
                found.extend(self.world.contents(self.caller))
            elif place == "here" and here is not None:
                found.extend(o for o in self.world.contents(here) if o.id != self.caller.id)
            elif place == "world":
                found.extend(self.world.objects.values())
        if not self.is_builder:  # what a view lock hides cannot be found by name either
            found = [o for o in found if not o.locks or self.can(o, "view")]
        return found

    def find(
        self,
        query: str,
        *,
        where: str | Iterable[str] = ("here", "inventory"),
        kind: str | Iterable[str] | None = None,
        quiet: bool = False,
    ) -> GameObject | None:
        """Find one object by name, alias, prefix or ordinal (``2.sword``).

        ``me``/``here`` work everywhere; builders may also use ``#id`` and search the
        whole world. Reports "not found" or "which one?" to the caller unless quiet.
        """
        query = query.strip()
        kinds = None if kind is None else ({kind} if isinstance(kind, str) else set(kind))
        low = query.lower()
        if not query:
            if not quiet:
                self.error("Which one? Give a name.")
            return None
        if low in ("me", "self"):
            return self.caller
        if low == "here":
            return self.here
        ref = _REF.match(query)
        if ref and (self.is_builder or where == "world"):
            obj = self.world.get(int(ref.group(1)))
            if obj is None and not quiet:
                self.error(f"There is no object {escape(query)}.")
            return obj
        ordinal = 1
        m = _ORDINAL.match(low)
        if m:
            ordinal, low = int(m.group(1)), m.group(2).strip()
        pool = [o for o in self.candidates(where) if kinds is None or o.kind in kinds]
        matches = match_names(pool, low)
        if not matches:
            if not quiet:
                self.error(f"You don't see '{escape(query)}' here.")
            return None
        if m or len(matches) == 1:
            if ordinal > len(matches):
                if not quiet:
                    self.error(f"There are only {len(matches)} of '{escape(low)}'.")
                return None
            return matches[ordinal - 1]
        if not quiet:
            options = ", ".join(f"{i}.{escape(low)} ({self.name(o)})" for i, o in enumerate(matches, 1))
            self.error(f"Which '{escape(low)}'? {options}")
        return None

    # -- acting on the world -----------------------------------------------------------
    def move(self, obj: GameObject, destination: GameObject, *, announce: bool = True, via: GameObject | None = None) -> None:
        """Move obj; characters are announced and look around where they arrive."""
        self.engine.move(obj, destination, announce=announce, via=via)

    def look(self, target: GameObject | None = None) -> None:
        target = target or self.here
        if target is None:
            self.reply("You are nowhere. (Builders: [help]teleport[/help] somewhere.)")
            return
        guard = self.link_guard()
        if target.kind == Kind.ROOM:
            view_locked, exits_locked = lock_holders(self.world, target)
            if not view_locked and not exits_locked:  # the common room: nothing to ask
                self.reply(describe_room(self.world, target, self.caller, guard), "room", oob={"Room.Info": room_info(self.world, target)})
                return

            def can_view(obj: GameObject) -> bool:
                return self.can(obj, "view")

            def can_pass(exit_: GameObject) -> bool:
                return self.can(exit_, "traverse")

            hidden = hidden_from(self.world, target, can_view)
            info = room_info(self.world, target, can_pass, hidden if not self.is_builder else frozenset())
            self.reply(describe_room(self.world, target, self.caller, guard, can_view), "room", oob={"Room.Info": info})
        else:
            self.reply(describe_object(self.world, target, self.caller, guard))

    def get_attr(self, obj: GameObject, key: str, default: Any = None) -> Any:
        return obj.attrs.get(key, default)

    def set_attr(self, obj: GameObject, key: str, value: Any) -> None:
        """Persistent state belongs in attributes: they are saved and survive reloads.

        The same as ``obj.attrs[key] = value``: the value must be JSON (text, numbers,
        true/false, None, lists and dicts of those), or AttrValueError names the problem.
        """
        obj.attrs[key] = value

    def changed(self, obj: GameObject, what: str = "") -> None:
        """No longer needed: every edit records itself. Kept so older modules still load."""

    def schedule(self, delay: float, callback: Callable[[], None]) -> None:
        self.engine.schedule(delay, callback)

    def random(self) -> Any:
        """The engine's random generator: seeded in tests, so behaviour replays."""
        return self.engine.rng

    # -- trust: identity by id, names, links (see identity.py and link_guard.py) ---------
    def find_target(
        self, query: str, *, where: str | Iterable[str] = ("here", "inventory"), kind: str | Iterable[str] | None = None
    ) -> GameObject | None:
        """``find`` for privileged commands: a name that fits several objects is refused
        with the candidates' ids listed, never resolved to the first of them."""
        from sandbox.engine.identity import find_target

        return find_target(self, query, where=where, kind=kind)

    def name_problem(self, obj: GameObject | None, names: Iterable[str]) -> str | None:
        """Why character obj (None: a new one) may not be called any of names (a
        player's name), or None."""
        from sandbox.engine.identity import name_problem

        return name_problem(self.world, obj, names)

    def who_is(self, obj: GameObject) -> str:
        """``Carol (#12, player carol)``: a name with what tells it apart (markup)."""
        from sandbox.engine.identity import who_is

        return who_is(self.world, obj)

    def link_guard(self) -> Any:
        """The policy for links in world text (see link_guard.py); ``.apply(markup)``."""
        return guard_for(self.engine.table)  # every look asks: imported at the top

    def exit_name_problem(
        self, names: Iterable[str], room: GameObject | None = None, *, ignore: GameObject | None = None
    ) -> str | None:
        """Why an exit may not have one of these names: it would hide or fake a command,
        or (given the room it leaves from) another exit there answers to it already
        (``ignore``: the exit being renamed)."""
        from sandbox.engine.exit_names import duplicate_exit_problem, exit_name_problem

        names = list(names)
        problem = exit_name_problem(self.engine.table, names)
        if problem is None and room is not None:
            problem = duplicate_exit_problem(self.world, room, names, ignore=ignore)
        return problem
