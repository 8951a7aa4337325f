"""The live world: every object in memory, a contents index, areas, and change tracking.

The world is the single owner of object identity and containment. Every edit reaches it
before it happens, whoever makes it: objects and their containers report themselves
(see :mod:`sandbox.engine.objects`), and moves, creation and destruction are the world's
own methods. It keeps how each touched thing was at the start of the turn
(:class:`sandbox.engine.changes.Transaction`), so a turn can be committed as one
:class:`~sandbox.engine.changes.ChangeRecord` or rolled back exactly.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sandbox.engine import legacy
from sandbox.engine.changes import ChangeRecord, Transaction, record_of, roll_back
from sandbox.engine.history import History
from sandbox.engine.objects import GameObject, Kind, Perm, _set
from sandbox.engine.tracked import TrackedDict, json_value, plain_copy

_T = TypeVar("_T")

#: Directions the map and `tunnel` understand, with their opposite and short alias.
DIRECTIONS: dict[str, tuple[str, str]] = {
    "north": ("south", "n"),
    "south": ("north", "s"),
    "east": ("west", "e"),
    "west": ("east", "w"),
    "northeast": ("southwest", "ne"),
    "northwest": ("southeast", "nw"),
    "southeast": ("northwest", "se"),
    "southwest": ("northeast", "sw"),
    "up": ("down", "u"),
    "down": ("up", "d"),
    "in": ("out", "in"),
    "out": ("in", "out"),
}
SHORT_DIRECTIONS: dict[str, str] = {short: name for name, (_, short) in DIRECTIONS.items()}


def direction_of(name: str) -> str | None:
    """The canonical direction an exit name or alias stands for, if any."""
    name = name.lower()
    if name in DIRECTIONS:
        return name
    return SHORT_DIRECTIONS.get(name)


@dataclass(slots=True)
class Area:
    """An area's own data; its rooms say which area they are in. Edits record themselves.

    ``resets`` is what the area should contain and when it is put back (see
    :mod:`sandbox.engine.resets`). It is plain JSON, replaced as a whole (assign a new
    dict; never edit it in place), so the turn that changes it is journaled and undoable.
    """

    name: str
    desc: str = ""
    resets: dict[str, Any] = field(default_factory=dict)
    _world: World | None = field(default=None, repr=False, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            world = self._world
        except AttributeError:  # inside __init__
            world = None
        if world is not None:
            if name not in ("desc", "resets"):
                raise AttributeError(f"area {self.name!r}: only desc and resets can be assigned (rename with world.rename_area)")
            if name == "desc" and type(value) is not str:
                raise TypeError(f"area {self.name!r}: desc must be text, not {type(value).__name__}")
            if name == "resets":
                if not isinstance(value, dict):
                    raise TypeError(f"area {self.name!r}: resets must be a dict, not {type(value).__name__}")
                value = plain_copy(json_value(value, None, f"area {self.name}: resets"))
            world._before_section("areas")
        _set(self, name, value)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": self.name}
        if self.desc:
            doc["desc"] = self.desc
        if self.resets:
            doc["resets"] = plain_copy(self.resets)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Area:
        resets = doc.get("resets")
        return cls(str(doc["name"]), str(doc.get("desc", "")), plain_copy(resets) if isinstance(resets, dict) else {})


class WorldError(Exception):
    """A mutation that would break the world's invariants (e.g. a containment loop)."""




class _Section:
    """The owner the world's meta and accounts dicts report their edits to."""

    __slots__ = ("world", "name")

    def __init__(self, world: World, name: str) -> None:
        self.world = world
        self.name = name

    def _container_edit(self, key: Any) -> None:
        self.world._before_section(self.name)


class World:
    def __init__(self) -> None:
        self.objects: dict[int, GameObject] = {}
        self.areas: dict[str, Area] = {}
        self._meta = self._section_dict("meta", {"start_room": None})
        self._accounts = self._section_dict("accounts", {})
        self.next_id = 1
        #: Every builder's undo/redo stacks; changed only by committed turns' records.
        self.history = History()
        #: The open turn's copies (None between turns); see sandbox.engine.changes.
        self._txn: Transaction | None = None
        #: Bumped by every mutation; derived views (room text, exit maps) are memoised on it.
        self.version = 0
        self._memo: dict[Any, Any] = {}
        self._memo_version = -1

    # -- sections: meta and accounts are tracked dicts, replaced only as a whole ----------
    def _section_dict(self, name: str, value: dict[str, Any]) -> TrackedDict:
        return cast(TrackedDict, json_value(value, _Section(self, name), name))  # a dict in, a TrackedDict out

    @property
    def meta(self) -> TrackedDict:
        """World settings (``start_room``); edits record themselves."""
        return self._meta

    @meta.setter
    def meta(self, value: dict[str, Any]) -> None:
        self._before_section("meta")
        self._meta = self._section_dict("meta", value)

    @property
    def accounts(self) -> TrackedDict:
        """Login accounts by lower-case name: {"name", "hash", "character"}; edits record themselves."""
        return self._accounts

    @accounts.setter
    def accounts(self, value: dict[str, Any]) -> None:
        self._before_section("accounts")
        self._accounts = self._section_dict("accounts", value)

    # -- loading -----------------------------------------------------------------
    def load(self, objects: Iterable[GameObject], areas: Iterable[Area], meta: dict[str, Any], accounts: dict[str, Any] | None = None) -> None:
        """Install what the store read; rebuilds the contents index. Records nothing."""
        objs = self.objects
        for obj in objects:
            if obj._world is not self:
                obj._adopt(self)
            if obj.attrs and not obj.locks:
                legacy.upgrade(obj)  # an old world's locked gate stays locked
            objs[obj.id] = obj
        for area in areas:
            _set(area, "_world", self)
            self.areas[area.name] = area
        self._meta = self._section_dict("meta", {**self._meta, **meta})
        if accounts is not None:
            self._accounts = self._section_dict("accounts", accounts)
        for obj in objs.values():
            if obj.contents:  # from_doc makes them empty; clones may not be
                _set(obj, "contents", [])
        self._break_location_loops()
        for obj in objs.values():
            if obj.location is not None:
                holder = objs.get(obj.location)
                if holder is None:
                    _set(obj, "location", None)  # dangling reference: keep the object, reachable by id
                else:
                    holder.contents.append(obj.id)
        self.next_id = max(objs, default=0) + 1
        self.next_id = max(self.next_id, int(self._meta.get("next_id", 1)))
        self.version += 1

    def _break_location_loops(self) -> None:
        """Detach objects whose location chain runs in a circle (a hand-edited or damaged file).

        ``move`` never makes a loop, but a loaded one would make its containment check
        spin forever and ``destroy`` recurse without end. Like a dangling location, the
        object is kept, in no place, reachable by id. One pass, O(number of objects).
        """
        objects = self.objects
        done: set[int] = set()
        for obj in objects.values():
            path: set[int] = set()
            current: GameObject | None = obj
            while current is not None and current.id not in done:
                if current.id in path:
                    _set(current, "location", None)  # close the circle here
                    break
                path.add(current.id)
                current = objects.get(current.location) if current.location is not None else None
            done |= path

    # -- the turn's transaction ------------------------------------------------------
    def _open(self) -> Transaction:
        txn = self._txn
        if txn is None:
            txn = self._txn = Transaction(self.next_id)
        return txn

    def _container_edit(self, oid: int) -> None:
        """A container of object ``oid`` (its attrs, tags, aliases, cmdsets) is about to change."""
        obj = self.objects.get(oid)
        if obj is not None:
            self._before_edit(obj)

    def _before_edit(self, obj: GameObject) -> None:
        """obj is about to change: keep how it was at the start of the turn."""
        txn = self._txn or self._open()
        if obj.id not in txn.before:
            txn.before[obj.id] = obj.to_doc() if obj.id in self.objects else None
        self.version += 1

    def _before_new(self, oid: int) -> None:
        txn = self._txn or self._open()
        if oid not in txn.before:
            txn.before[oid] = None
        self.version += 1

    def _before_contents(self, holder: GameObject | None) -> None:
        if holder is None:
            return
        txn = self._txn or self._open()
        if holder.id not in txn.contents:
            txn.contents[holder.id] = list(holder.contents)

    def _before_section(self, name: str) -> None:
        txn = self._txn or self._open()
        if name not in txn.sections:
            if name == "areas":
                txn.sections[name] = {a.name: a.to_doc() for a in self.areas.values()}
            else:
                txn.sections[name] = plain_copy(self._meta if name == "meta" else self._accounts)
        self.version += 1

    @property
    def in_transaction(self) -> bool:
        """True when something has changed since the last commit or rollback."""
        return self._txn is not None and self._txn.touched()

    def pending_record(self) -> ChangeRecord:
        """What changed since the transaction opened (empty if nothing), without closing it."""
        return record_of(self, self._txn)

    def accept(self) -> None:
        """The turn is committed: forget its copies."""
        self._txn = None

    def rollback(self) -> None:
        """Put everything the open transaction touched back as it was when it opened."""
        txn, self._txn = self._txn, None
        if txn is not None:
            roll_back(self, txn)

    # -- lookup ----------------------------------------------------------------------
    def get(self, obj_id: int | None) -> GameObject | None:
        if obj_id is None:
            return None
        return self.objects.get(obj_id)

    def __len__(self) -> int:
        return len(self.objects)

    def contents(self, obj: GameObject) -> Iterator[GameObject]:
        objects = self.objects
        for oid in obj.contents:
            child = objects.get(oid)
            if child is not None:
                yield child

    def exits(self, room: GameObject) -> list[GameObject]:
        return self.memo(("exits", room.id), lambda: [o for o in self.contents(room) if o.kind == Kind.EXIT])

    def memo(self, key: Any, compute: Callable[[], _T]) -> _T:
        """A value derived from the world, recomputed only after the world changes.

        ``look`` in an unchanged room is then mostly dictionary hits. Every edit bumps
        :attr:`version` before it happens, and so drops the memo.
        """
        if self._memo_version != self.version:
            self._memo.clear()
            self._memo_version = self.version
        try:
            hit: _T = self._memo[key]  # no cast(): this is the hottest line of a look
            return hit
        except KeyError:
            if len(self._memo) > 50_000:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    def room_of(self, obj: GameObject) -> GameObject | None:
        """The outermost room that holds obj (obj itself if it is a room)."""
        seen = 0
        current: GameObject | None = obj
        while current is not None and current.kind != Kind.ROOM:
            current = self.objects.get(current.location) if current.location is not None else None
            seen += 1
            if seen > 64:
                return None
        return current

    def rooms_in(self, area: str) -> list[GameObject]:
        return sorted((o for o in self.objects.values() if o.kind == Kind.ROOM and o.area == area), key=lambda o: o.id)

    def rooms_sorted(self) -> list[GameObject]:
        return sorted((o for o in self.objects.values() if o.kind == Kind.ROOM), key=lambda o: o.id)

    def start_room(self) -> GameObject | None:
        room = self.get(self._meta.get("start_room"))
        if room is not None:
            return room
        rooms = self.rooms_sorted()
        return rooms[0] if rooms else None

    def characters_named(self, name: str) -> list[GameObject]:
        low = name.lower()
        return [o for o in self.objects.values() if o.kind == Kind.CHARACTER and o.name.lower() == low]

    def is_player_character(self, obj: GameObject) -> bool:
        """The one rule for "is this a player?": a character a person plays.

        A character with a login account is a player, whatever its tags; any other
        character is one unless it is tagged ``npc``. The account decides first because
        tags are builders' data: tagging someone ``npc`` must not make them destroyable,
        exportable with an area, or filed with the area instead of with the players.
        Everything that asks (destroy, export and import, the store's files, room lists,
        ``who``, names, the inspector) asks here.
        """
        if obj.kind != Kind.CHARACTER:
            return False
        if "npc" not in obj.tags:
            return True
        # Room lists ask for each character they show: one set per world version, not a
        # walk over every account per call.
        played = self.memo(("account-characters",), self._account_characters)
        return obj.id in played

    def _account_characters(self) -> frozenset[Any]:
        return frozenset(record.get("character") for record in self._accounts.values())

    def player_holding(self, obj: GameObject) -> GameObject | None:
        """The player character that is obj or carries it (innermost), if any."""
        current: GameObject | None = obj
        for _ in range(64):
            if current is None or current.kind == Kind.ROOM:
                return None
            if self.is_player_character(current):
                return current
            current = self.get(current.location)
        return None

    # -- mutation --------------------------------------------------------------------
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
        perm: Perm = Perm.PLAYER,
        tags: Iterable[str] = (),
        attrs: dict[str, Any] | None = None,
        cmdsets: Iterable[str] = (),
        locks: dict[str, str] | None = None,
        obj_id: int | None = None,
    ) -> GameObject:
        if kind not in Kind.ALL:
            raise WorldError(f"unknown kind {kind!r}")
        if obj_id is None:
            obj_id = self.next_id
        if obj_id in self.objects:
            raise WorldError(f"id #{obj_id} is already used by {self.objects[obj_id].name}")
        obj = GameObject(
            id=obj_id,
            kind=kind,
            name=name,
            aliases=list(aliases),
            desc=desc,
            destination=destination.id if destination else None,
            area=area,
            attrs=dict(attrs or {}),
            tags=set(tags),
            perm=perm,
            cmdsets=list(cmdsets),
            locks=dict(locks or {}),
        )
        return self.insert(obj) if location is None else self.insert(obj, location)

    def insert(self, obj: GameObject, location: GameObject | None = None) -> GameObject:
        """Add a fully formed object (create, undo, import).

        Its ``location`` (or the one given) must exist, else it is placed nowhere.
        Values are checked first, so a bad attribute leaves the world untouched.
        """
        if obj.id in self.objects:
            raise WorldError(f"id #{obj.id} is already used by {self.objects[obj.id].name}")
        obj._adopt(self)  # check every value, and track its containers, before anything changes
        holder = location if location is not None else self.get(obj.location)
        self._before_new(obj.id)
        if obj.kind == Kind.ROOM and obj.area and obj.area not in self.areas:
            self.add_area(obj.area)
        _set(obj, "location", holder.id if holder is not None else None)
        _set(obj, "contents", [])
        _set(obj, "_world", self)
        self.objects[obj.id] = obj
        if holder is not None:
            self._before_contents(holder)
            holder.contents.append(obj.id)
        if obj.id >= self.next_id:
            self.next_id = obj.id + 1
        txn = self._txn
        if txn is not None:
            txn.removed.pop(obj.id, None)
        return obj

    def check_move(self, obj: GameObject, destination: GameObject | None) -> None:
        """Raise WorldError if obj may not go into destination (itself or something it holds)."""
        holder: GameObject | None = destination
        while holder is not None:
            if holder.id == obj.id:
                raise WorldError(f"{obj.name} cannot go inside itself")
            holder = self.get(holder.location)

    def move(self, obj: GameObject, destination: GameObject | None) -> None:
        self.check_move(obj, destination)
        old = self.get(obj.location)
        self._before_edit(obj)
        self._before_contents(old)
        self._before_contents(destination)
        if old is not None and obj.id in old.contents:
            old.contents.remove(obj.id)
        _set(obj, "location", destination.id if destination is not None else None)
        if destination is not None:
            destination.contents.append(obj.id)

    def set_area(self, room: GameObject, area: str) -> None:
        room.area = area  # records itself and makes the area if it is new

    def destroy(self, obj: GameObject) -> list[GameObject]:
        """Remove obj and everything inside it; exits leading to it go too.

        Characters inside are moved to the start room rather than destroyed.
        Returns the objects that were destroyed.
        """
        destroyed: list[GameObject] = []
        start = self.start_room()
        if start is not None and start.id == obj.id:
            # Destroying the start room itself: characters standing in it still need a
            # room, or they are stranded nowhere (and players cannot teleport out).
            start = next((r for r in self.rooms_sorted() if r.id != obj.id), None)
        for child in list(self.contents(obj)):
            if child.kind == Kind.CHARACTER:
                self.move(child, start if start is not None and start.id != obj.id else None)
            else:
                destroyed.extend(self.destroy(child))
        if obj.kind == Kind.ROOM:
            for other in [o for o in self.objects.values() if o.kind == Kind.EXIT and o.destination == obj.id]:
                destroyed.extend(self.destroy(other))
            if self._meta.get("start_room") == obj.id:
                self._meta["start_room"] = None
        self.remove(obj)
        destroyed.append(obj)
        return destroyed

    def remove(self, obj: GameObject) -> None:
        """Take one object out of the world without touching what refers to it (import, undo)."""
        holder = self.get(obj.location)
        self._before_edit(obj)
        self._before_contents(holder)
        self._before_contents(obj)
        if holder is not None and obj.id in holder.contents:
            holder.contents.remove(obj.id)
        del self.objects[obj.id]
        (self._txn or self._open()).removed[obj.id] = obj
        _set(obj, "_world", None)

    def add_area(self, name: str, desc: str = "") -> Area:
        area = self.areas.get(name)
        if area is None:
            if type(name) is not str or not name:
                raise WorldError("an area needs a name")
            self._before_section("areas")
            area = Area(name, desc)
            _set(area, "_world", self)
            self.areas[name] = area
        return area

    def rename_area(self, old: str, new: str) -> None:
        if old not in self.areas:
            raise WorldError(f"no area named {old!r}")
        if not new:
            raise WorldError("the new name is empty")
        if new in self.areas:
            raise WorldError(f"an area named {new!r} already exists")
        self._before_section("areas")
        area = self.areas.pop(old)
        _set(area, "name", new)
        self.areas[new] = area
        for room in [o for o in self.objects.values() if o.kind == Kind.ROOM and o.area == old]:
            room.area = new

