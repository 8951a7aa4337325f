"""The live world: every object in memory, a contents index, areas, and change tracking.

The world is the single owner of object identity and containment. Commands mutate
objects through it (or call :meth:`World.changed` after a direct edit) so that two
things always happen: the store learns what to persist, and observers (the TUI's
inspector, map and tree) learn what changed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sandbox.engine.objects import GameObject, Kind, Perm

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


@dataclass(frozen=True, slots=True)
class WorldChange:
    """Published after every mutation; observers must not mutate the world in response."""

    what: str  # created | moved | changed | destroyed | area
    obj_id: int | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Area:
    name: str
    desc: str = ""

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"name": self.name}
        if self.desc:
            doc["desc"] = self.desc
        return doc


class WorldError(Exception):
    """A mutation that would break the world's invariants (e.g. a containment loop)."""


class World:
    def __init__(self) -> None:
        self.objects: dict[int, GameObject] = {}
        self.areas: dict[str, Area] = {}
        self.meta: dict[str, Any] = {"start_room": None}
        self.next_id = 1
        # What the store must persist at the end of this turn.
        self.dirty: set[int] = set()
        self.deleted: set[int] = set()
        self.meta_dirty = False
        #: Login accounts by lower-case name: {"name", "hash", "character"}.
        self.accounts: dict[str, dict[str, Any]] = {}
        self.accounts_dirty = False
        self._observers: list[Callable[[WorldChange], None]] = []
        #: Bumped by every mutation; derived views (room text, exit maps) are memoised on it.
        self.version = 0
        self._memo: dict[Any, Any] = {}
        self._memo_version = -1

    # -- loading -----------------------------------------------------------------
    def load(self, objects: Iterable[GameObject], areas: Iterable[Area], meta: dict[str, Any]) -> None:
        """Install objects read from the store; rebuilds the contents index."""
        for obj in objects:
            self.objects[obj.id] = obj
        for area in areas:
            self.areas[area.name] = area
        self.meta.update(meta)
        for obj in self.objects.values():
            obj.contents = []
        self._break_location_loops()
        for obj in self.objects.values():
            if obj.location is not None:
                holder = self.objects.get(obj.location)
                if holder is None:
                    obj.location = None  # dangling reference: keep the object, reachable by id
                else:
                    holder.contents.append(obj.id)
        self.next_id = max(self.objects, default=0) + 1
        self.next_id = max(self.next_id, int(self.meta.get("next_id", 1)))

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
                    current.location = None  # close the circle here
                    break
                path.add(current.id)
                current = objects.get(current.location) if current.location is not None else None
            done |= path

    # -- observers -----------------------------------------------------------------
    def subscribe(self, observer: Callable[[WorldChange], None]) -> Callable[[], None]:
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def _publish(self, change: WorldChange) -> None:
        self.version += 1
        for observer in list(self._observers):
            observer(change)

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

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from the world, recomputed only after the world changes.

        ``look`` in an unchanged room is then mostly dictionary hits. Every mutation goes
        through :meth:`_publish`, which bumps :attr:`version` and so drops the memo.
        """
        if self._memo_version != self.version:
            self._memo.clear()
            self._memo_version = self.version
        try:
            return self._memo[key]
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
        room = self.get(self.meta.get("start_room"))
        if room is not None:
            return room
        rooms = self.rooms_sorted()
        return rooms[0] if rooms else None

    def characters_named(self, name: str) -> list[GameObject]:
        low = name.lower()
        return [o for o in self.objects.values() if o.kind == Kind.CHARACTER and o.name.lower() == low]

    def is_player_character(self, obj: GameObject) -> bool:
        """A character a person plays: one with a login account, or any without the npc tag.

        The account decides first, because tags are builders' data: tagging someone
        ``npc`` must not make them destroyable.
        """
        if obj.kind != Kind.CHARACTER:
            return False
        if "npc" not in obj.tags:
            return True
        return any(record.get("character") == obj.id for record in self.accounts.values())

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
        obj_id: int | None = None,
    ) -> GameObject:
        if kind not in Kind.ALL:
            raise WorldError(f"unknown kind {kind!r}")
        if obj_id is None:
            obj_id = self.next_id
        if obj_id in self.objects:
            raise WorldError(f"id #{obj_id} is already used by {self.objects[obj_id].name}")
        self.next_id = max(self.next_id, obj_id + 1)
        self.meta_dirty = True
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
        )
        if kind == Kind.ROOM and area is not None and area not in self.areas:
            self.add_area(area)
        self.objects[obj_id] = obj
        if location is not None:
            obj.location = location.id
            location.contents.append(obj_id)
        self.dirty.add(obj_id)
        self._publish(WorldChange("created", obj_id, {"location": obj.location}))
        return obj

    def insert(self, obj: GameObject) -> GameObject:
        """Add a fully formed object (undo, import); its location must exist or be None."""
        if obj.id in self.objects:
            raise WorldError(f"id #{obj.id} is already used by {self.objects[obj.id].name}")
        obj.contents = []
        holder = self.get(obj.location)
        if obj.location is not None and holder is None:
            obj.location = None
        self.objects[obj.id] = obj
        if holder is not None:
            holder.contents.append(obj.id)
        if obj.kind == Kind.ROOM and obj.area and obj.area not in self.areas:
            self.add_area(obj.area)
        if obj.id >= self.next_id:
            self.next_id = obj.id + 1
            self.meta_dirty = True
        self.deleted.discard(obj.id)
        self.dirty.add(obj.id)
        self._publish(WorldChange("created", obj.id, {"location": obj.location}))
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
        if old is not None and obj.id in old.contents:
            old.contents.remove(obj.id)
        obj.location = destination.id if destination is not None else None
        if destination is not None:
            destination.contents.append(obj.id)
        self._mark_tree_dirty(obj)
        self._publish(WorldChange("moved", obj.id, {"from": old.id if old else None, "to": obj.location}))

    def changed(self, obj: GameObject, field_name: str = "") -> None:
        """Record a direct edit of obj (name, desc, attrs, tags…)."""
        self.dirty.add(obj.id)
        self._publish(WorldChange("changed", obj.id, {"field": field_name}))

    def set_area(self, room: GameObject, area: str) -> None:
        if area not in self.areas:
            self.add_area(area)
        room.area = area
        # Everything inside the room is stored with its area, so it moves files too.
        self._mark_tree_dirty(room)
        self._publish(WorldChange("changed", room.id, {"field": "area"}))

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
            if self.meta.get("start_room") == obj.id:
                self.meta["start_room"] = None
                self.meta_dirty = True
        holder = self.get(obj.location)
        if holder is not None and obj.id in holder.contents:
            holder.contents.remove(obj.id)
        self.objects.pop(obj.id, None)
        self.dirty.discard(obj.id)
        self.deleted.add(obj.id)
        destroyed.append(obj)
        self._publish(WorldChange("destroyed", obj.id, {"location": obj.location}))
        return destroyed

    def remove(self, obj: GameObject) -> None:
        """Take one object out of the world without touching what refers to it (import)."""
        holder = self.get(obj.location)
        if holder is not None and obj.id in holder.contents:
            holder.contents.remove(obj.id)
        self.objects.pop(obj.id, None)
        self.dirty.discard(obj.id)
        self.deleted.add(obj.id)
        self._publish(WorldChange("destroyed", obj.id, {"location": obj.location}))

    def add_area(self, name: str, desc: str = "") -> Area:
        area = self.areas.get(name)
        if area is None:
            area = self.areas[name] = Area(name, desc)
            self.meta_dirty = True
            self._publish(WorldChange("area", None, {"name": name}))
        return area

    def rename_area(self, old: str, new: str) -> None:
        if old not in self.areas:
            raise WorldError(f"no area named {old!r}")
        if new in self.areas:
            raise WorldError(f"an area named {new!r} already exists")
        area = self.areas.pop(old)
        area.name = new
        self.areas[new] = area
        for room in [o for o in self.objects.values() if o.kind == Kind.ROOM and o.area == old]:
            room.area = new
            self._mark_tree_dirty(room)
        self.meta_dirty = True
        self._publish(WorldChange("area", None, {"name": new, "old": old}))

    def _mark_tree_dirty(self, obj: GameObject) -> None:
        self.dirty.add(obj.id)
        for child in self.contents(obj):
            self._mark_tree_dirty(child)

    def take_changes(self) -> tuple[set[int], set[int], bool]:
        """Hand the store what changed since the last call, and forget it."""
        dirty, deleted, meta = self.dirty, self.deleted, self.meta_dirty
        self.dirty, self.deleted, self.meta_dirty = set(), set(), False
        if meta:
            self.meta["next_id"] = self.next_id
        return dirty, deleted, meta
