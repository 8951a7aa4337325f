"""The change record of a turn: how everything a turn touched was before, and is after.

The world opens a :class:`Transaction` at the first edit of a turn. Each object, holder
and section (areas, meta, accounts) is copied the first time the turn touches it, before
it changes; nothing else is copied, so a turn that edits one object costs one copy.
At the end of the turn :meth:`Transaction.record` compares those copies with the live
world and yields a :class:`ChangeRecord`, the one description of the turn that

- the store appends to its journal (the commit point),
- the undo history keeps (``before`` is what undo restores),
- observers (the TUI's inspector, map and tree) read to know what to redraw.

If the turn fails instead, the same copies put the world back exactly as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.engine.objects import _set
from sandbox.engine.tracked import plain_copy

if TYPE_CHECKING:
    from sandbox.engine.objects import GameObject
    from sandbox.engine.world import World

#: (before, after): None on one side means the thing did not exist on that side.
Pair = tuple[Any, Any]


@dataclass(slots=True)
class ChangeRecord:
    """What one committed turn changed. Documents are plain JSON, shared with nothing live."""

    objects: dict[int, Pair] = field(default_factory=dict)
    areas: dict[str, Pair] = field(default_factory=dict)
    meta: Pair | None = None
    accounts: dict[str, Pair] = field(default_factory=dict)
    #: Who made the turn and with what line (undo history, "changed since by …").
    actor: int | None = None
    line: str = ""
    #: Undo-history operations committed with this turn (see sandbox.engine.history).
    history: list[list[Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.objects or self.areas or self.meta or self.accounts or self.history)

    @property
    def world_changed(self) -> bool:
        """Anything other than undo bookkeeping."""
        return bool(self.objects or self.areas or self.meta or self.accounts)

    def created(self) -> list[int]:
        return [oid for oid, (before, after) in self.objects.items() if before is None and after is not None]

    def destroyed(self) -> list[int]:
        return [oid for oid, (before, after) in self.objects.items() if before is not None and after is None]

    def field_changed(self, oid: int, name: str) -> bool:
        before, after = self.objects.get(oid, (None, None))
        return (before or {}).get(name) != (after or {}).get(name)


@dataclass(slots=True)
class Transaction:
    """The copies one turn has made so far (see the module docstring)."""

    next_id: int
    #: object id -> its document at the start of the turn (None: created in this turn).
    before: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    #: holder id -> its contents list at the start of the turn (order matters to `look`).
    contents: dict[int, list[int]] = field(default_factory=dict)
    #: Python objects removed in this turn, so a rollback brings back the same instances.
    removed: dict[int, GameObject] = field(default_factory=dict)
    #: section name ("areas", "meta", "accounts") -> its plain copy at the start of the turn.
    sections: dict[str, Any] = field(default_factory=dict)

    def touched(self) -> bool:
        return bool(self.before or self.contents or self.sections)


def diff_keys(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Pair]:
    """Per-key changes between two plain dicts of documents."""
    out: dict[str, Pair] = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            out[key] = (old, new)
    return out


def record_of(world: World, txn: Transaction | None) -> ChangeRecord:
    """The record of an open transaction: each copied thing, before and as it is now."""
    record = ChangeRecord()
    if txn is None:
        return record
    objects = world.objects
    for oid, before in txn.before.items():
        obj = objects.get(oid)
        after = obj.to_doc() if obj is not None else None
        if before != after:
            record.objects[oid] = (before, after)
    sections = txn.sections
    if "areas" in sections:
        record.areas = diff_keys(sections["areas"], {a.name: a.to_doc() for a in world.areas.values()})
    meta_before = sections.get("meta")
    if meta_before is not None or world.next_id != txn.next_id:
        old = {**(meta_before if meta_before is not None else plain_copy(world.meta)), "next_id": txn.next_id}
        new = {**plain_copy(world.meta), "next_id": world.next_id}
        if old != new:
            record.meta = (old, new)
    if "accounts" in sections:
        record.accounts = diff_keys(sections["accounts"], plain_copy(world.accounts))
    return record


def roll_back(world: World, txn: Transaction) -> None:
    """Put back everything txn copied, exactly: the same object instances, contents order."""
    from sandbox.engine.world import Area

    objects = world.objects
    for oid, before in txn.before.items():
        obj = objects.get(oid)
        if before is None:  # made in this turn
            if obj is not None:
                del objects[oid]
                _set(obj, "_world", None)
            continue
        if obj is None:  # removed in this turn: the same instance comes back
            obj = txn.removed.get(oid)
            if obj is None:
                continue
            _set(obj, "_world", world)
            objects[oid] = obj
        obj._restore(before)
    for hid, contents in txn.contents.items():
        holder = objects.get(hid)
        if holder is not None:
            holder.contents[:] = contents
    for name, value in txn.sections.items():
        if name == "areas":
            world.areas = {}
            for doc in value.values():
                area = Area.from_doc(doc)
                _set(area, "_world", world)
                world.areas[area.name] = area
        elif name == "meta":
            world._meta = world._section_dict("meta", value)
        else:
            world._accounts = world._section_dict("accounts", value)
    world.next_id = txn.next_id
    world.version += 1
