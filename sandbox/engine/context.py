"""What a command function receives: who called, with what, and ways to act on the world.

This class is the command API. A command module imports only ``sandbox.api`` (the
decorators and the types) and does everything else through the ``ctx`` it is given:
every function a command calls is a method here, never a free function taking a world.
``tests/test_layers.py`` holds ``commands/*.py`` to that, and to the names documented in
docs/commands.md, so the engine can change inside without breaking builders' modules.

``ctx.world`` and ``ctx.engine`` are the engine's own wiring (the dispatcher, identity
checks and tests use them); they are not part of the API.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from sandbox.engine import building
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
from sandbox.engine.locks import LockFunc, format_locks
from sandbox.engine.mailbox import leave_message
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.prototypes import (
    Change,
    Prototype,
    PrototypeError,
    Resolved,
    apply_changes,
    planned_changes,
    spawn,
    spawned_from,
)
from sandbox.engine.prototypes import validate as validate_prototype
from sandbox.engine.resets import ResetReport, checked_resets, describe_rule, format_duration, parse_duration
from sandbox.engine.session import Message
from sandbox.engine.text import clean, clean_line, escape
from sandbox.engine.tracked import TrackedDict
from sandbox.engine.world import Area, World, WorldError, direction_of
from sandbox.markup import validate

if TYPE_CHECKING:
    from sandbox.engine.commands import Command
    from sandbox.engine.core import Engine
    from sandbox.engine.history import Entry, Stacks
    from sandbox.engine.session import Session

_ORDINAL = re.compile(r"^(\d+)[.-](.+)$")
_REF = re.compile(r"^#(\d+)$")
#: The service ``ctx.import_area`` calls: lent by whoever opened the game from a directory
#: (sandbox/area_files.py; the engine itself reads no files).
AREA_IMPORT = "area_import"


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

    # -- the world: looking things up --------------------------------------------------
    def get(self, oid: int | str | None) -> GameObject | None:
        """The object with this id, or this ``"#12"`` reference (how attributes hold ids,
        so an import can renumber them); None for None or an id nobody has."""
        if isinstance(oid, str):
            match = _REF.match(oid.strip())
            if match is None:
                return None
            oid = int(match.group(1))
        return self.world.get(oid)

    def contents(self, obj: GameObject) -> list[GameObject]:
        """What obj holds: a room's exits, things and characters; a character's inventory."""
        return list(self.world.contents(obj))

    def exits(self, room: GameObject) -> list[GameObject]:
        return list(self.world.exits(room))

    def find_exit(self, room: GameObject, name: str) -> GameObject | None:
        """The exit of room answering to name or one of its aliases (any case)."""
        return building.find_exit(self.world, room, name)

    def room_of(self, obj: GameObject) -> GameObject | None:
        """The room obj is in, however deep (a room is its own); None if nowhere."""
        return self.world.room_of(obj)

    def objects(self, kind: str | None = None) -> list[GameObject]:
        """Every object in the world (of one kind), by id: for searches over the world."""
        found = self.world.objects.values()
        return sorted((o for o in found if kind is None or o.kind == kind), key=lambda o: o.id)

    def characters_named(self, name: str) -> list[GameObject]:
        """Characters called exactly name (any case): players and NPCs alike."""
        return self.world.characters_named(name)

    def is_player(self, obj: GameObject) -> bool:
        """A character a person plays (an account's, or any not tagged npc): the one rule."""
        return self.world.is_player_character(obj)

    def account_character(self, name: str) -> GameObject | None:
        """The character of the login account called name (any case), if there is one."""
        record = self.world.accounts.get(name.strip().lower())
        char = self.world.get(record.get("character")) if record is not None else None
        return char if char is not None and char.kind == Kind.CHARACTER else None

    def areas(self) -> list[str]:
        """The names of the world's areas, sorted."""
        return sorted(self.world.areas)

    def rooms_in(self, area: str) -> list[GameObject]:
        return self.world.rooms_in(area)

    @property
    def meta(self) -> TrackedDict:
        """World-wide settings and data (``channels`` live here); edits record themselves."""
        return self.world.meta

    # -- changing the world ------------------------------------------------------------
    def create(
        self,
        kind: str,
        name: str,
        *,
        location: GameObject | None = None,
        destination: GameObject | None = None,
        area: str | None = None,
        desc: str = "",
        aliases: Iterable[str] = (),
        tags: Iterable[str] = (),
        attrs: dict[str, Any] | None = None,
        cmdsets: Iterable[str] = (),
    ) -> GameObject:
        """Make a room, exit, thing or character (in ``location``, or nowhere)."""
        return self.world.create(
            kind, name, location=location, destination=destination, area=area, desc=desc,
            aliases=aliases, tags=tags, attrs=attrs, cmdsets=cmdsets,
        )

    def destroy(self, obj: GameObject) -> list[GameObject]:
        """Remove obj and all it holds (exits leading to a room go too; characters inside
        go to the start room). Returns what was destroyed; ``undo`` brings it back."""
        return self.world.destroy(obj)

    def make_exit(self, room: GameObject, spec: str, destination: GameObject | None) -> GameObject:
        """An exit from room named by ``"north;n"``-style spec (a direction gets its short alias)."""
        return building.make_exit(self.world, room, spec, destination)

    def move_problem(self, obj: GameObject, destination: GameObject | None) -> str | None:
        """Why obj may not go into destination (into itself or something it holds), or None."""
        try:
            self.world.check_move(obj, destination)
        except WorldError as exc:
            return str(exc)
        return None

    def add_area(self, name: str) -> None:
        """Make an empty area (rooms join one by ``room.area = name``)."""
        self.world.add_area(name)

    def rename_area(self, old: str, new: str) -> None:
        """Rename an area; its rooms follow. Raises WorldError saying why it cannot."""
        self.world.rename_area(old, new)

    # -- what builders type ------------------------------------------------------------
    parse_names = staticmethod(building.parse_names)
    spec_names = staticmethod(building.spec_names)
    parse_value = staticmethod(building.parse_value)
    opposite = staticmethod(building.opposite)
    direction_of = staticmethod(direction_of)

    def markup_errors(self, text: str) -> list[str]:
        """What is wrong with a piece of markup (each with its column); empty when valid."""
        return [str(error) for error in validate(text)]

    # -- people ------------------------------------------------------------------------
    def is_online(self, obj: GameObject) -> bool:
        """Is someone connected as this character?"""
        return self.engine.is_online(obj)

    def client_of(self, char: GameObject) -> str:
        """How the character is connected (``telnet``, ``web``, ``tui``, ...), or ``""``."""
        sessions = self.engine.sessions_of(char)
        return sessions[0].info.frontend if sessions else ""

    def leave_message(self, char: GameObject, markup: str) -> int:
        """Keep markup from the caller for a character nobody is playing; it is shown at
        their next login. Returns how many messages now wait for them."""
        return leave_message(char, self.caller.name, markup, self.now)

    # -- the game itself -----------------------------------------------------------------
    def save_world(self) -> str | None:
        """Write every file now and take a backup; returns where the backup is, if any."""
        where = self.engine.save_world()
        return str(where) if where is not None else None

    def announce_all(self, markup: str) -> None:
        """Markup to every connected session, whatever room (shutdown notices)."""
        self.engine.announce_all(markup)

    def request(self, what: str) -> None:
        """Ask the hosting process, after this turn, to ``shutdown`` or ``cold-reload``."""
        self.engine.request(what)

    def service(self, name: str) -> Any:
        """What the hosting process lent commands: ``reloader`` (hot reload) or ``portal``
        (portal mode); None when this front end has none."""
        return self.engine.services.get(name)

    def undo(self, count: int = 1, *, redo: bool = False) -> list[Entry]:
        """Undo (redo) the caller's last ``count`` turns, newest first, all or none.
        Raises ValueError with the reason when one cannot be (someone changed it since)."""
        return self.engine.undo(self.caller, count, redo=redo)

    def history(self) -> Stacks:
        """The caller's undo history: ``.undo`` and ``.redo`` lists of entries, oldest first,
        each with ``.line`` (the command typed) and ``.summary()``."""
        return self.engine.history.of(self.caller.id)

    # -- prototypes (see prototypes.py and docs/builders-guide.md) ----------------------------
    def prototypes(self) -> list[Prototype]:
        """Every prototype, the game's files' and the world's, by key (``.key``,
        ``.source``: a file or ``"world"``, ``.data``, ``.parents``)."""
        return self.engine.prototypes.all(self.world)

    def prototype(self, key: str) -> Prototype | None:
        """The prototype called key (any case), or None."""
        return self.engine.prototypes.get(self.world, key)

    def resolve_prototype(self, key: str) -> Resolved:
        """key's values with its parents applied (``.values``, ``.origins``: which prototype
        gave each, ``.chain``); PrototypeError saying why not (unknown key, a loop)."""
        return self.engine.prototypes.resolve(self.world, key)

    def save_prototype(self, data: dict[str, Any]) -> str:
        """Check data and keep it as a world prototype (new or replacing one); returns its
        key. PrototypeError, with nothing changed, if it is invalid or its inheritance
        does not resolve."""
        library = self.engine.prototypes
        checked = validate_prototype(data)
        key: str = checked["prototype_key"]
        before = library.world_data(self.world).get(key)
        library.save_world(self.world, checked)
        try:
            library.resolve(self.world, key)
        except PrototypeError:
            if before is None:
                library.delete_world(self.world, key)
            else:
                library.save_world(self.world, dict(before))
            raise
        return key

    def delete_prototype(self, key: str) -> bool:
        """Remove a world prototype (spawned objects stay); False if the world has none so named."""
        return self.engine.prototypes.delete_world(self.world, key)

    def spawn(self, key: str, location: GameObject | None) -> GameObject:
        """A new object made from prototype key, in location; it remembers the prototype.
        PrototypeError if the prototype does not resolve or makes an exit."""
        return spawn(self.world, self.resolve_prototype(key), location)

    def spawned_from(self, key: str) -> list[GameObject]:
        """The objects that follow prototype key (spawned from it, or given it by proto/apply)."""
        return spawned_from(self.world, key)

    def prototype_changes(self, obj: GameObject, key: str) -> list[Change]:
        """What making obj match prototype key would change (``.field``, ``.old``, ``.new``);
        only what the prototype defines (attributes added by hand stay)."""
        return planned_changes(obj, self.resolve_prototype(key))

    def apply_changes(self, obj: GameObject, changes: Iterable[Change]) -> None:
        """Make the changes ``prototype_changes`` planned (undo takes them back)."""
        apply_changes(obj, changes)

    # -- areas and their resets (see resets.py) -----------------------------------------
    def area(self, name: str) -> Area | None:
        """The area called name (``.name``, ``.desc``, ``.resets``), or None."""
        return self.world.areas.get(name)

    def set_resets(self, area: Area, resets: dict[str, Any]) -> None:
        """Give an area its reset rules and timer (``{"rules": [...], "every": 300,
        "when": "empty"}``); ValueError naming the problem, with nothing changed."""
        area.resets = checked_resets(resets)

    def reset_area(self, area: Area) -> ResetReport:
        """Run area's reset pass now, timer or not; what it did (``.summary()``)."""
        return self.engine.resets.run(area, forced=True)

    def next_reset(self, area: Area) -> float | None:
        """Seconds until area's next timed reset, or None (no timer)."""
        due = self.engine.resets.next_due(area.name)
        return None if due is None else max(0.0, due - self.now)

    def last_reset(self, area: Area) -> ResetReport | None:
        """What area's last reset pass did (``.at``, ``.summary()``), since the engine started."""
        return self.engine.resets.last.get(area.name)

    describe_reset = staticmethod(describe_rule)
    parse_duration = staticmethod(parse_duration)
    format_duration = staticmethod(format_duration)

    def import_area(self, path: str, *, renumber: bool = False) -> tuple[str, list[GameObject], list[str]]:
        """Load an area export (a path inside the game directory) into this turn: its
        name, its objects and notes on what was renumbered. TransferError (nothing
        changed) if it cannot be; WorldError if this game has no directory to read from."""
        importer = self.engine.services.get(AREA_IMPORT)
        if not callable(importer):
            raise WorldError("this game was opened without a game directory, so it cannot read area files")
        # The service is area_files.import_file bound to this engine (services are untyped).
        return cast("tuple[str, list[GameObject], list[str]]", importer(path, renumber=renumber))

    # -- locks (see locks.py and docs/locks.md) -------------------------------------------
    def lockfuncs(self) -> list[LockFunc]:
        """Every lock function the game's modules declare (``.name``, ``.aliases``, ``.help``)."""
        return self.engine.table.locks.all()

    format_locks = staticmethod(format_locks)

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
