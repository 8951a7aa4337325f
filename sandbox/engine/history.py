"""World-level undo and redo: each builder's own turns, kept with what they changed.

An :class:`Entry` is the part of a turn's :class:`~sandbox.engine.changes.ChangeRecord`
that undo needs: every object, area and world prototype it touched, before and after. Undoing checks
that each of them is still exactly as the turn left it (else a later turn, by anyone,
changed it, and the undo is refused with the reason) and then sets them back to
``before``. Redo is the same in the other direction. Both run as ordinary turns, so an
undo is saved, observed and rolled back like any other change, and is all-or-nothing.

The history is world data: its operations are committed in the same journal record as
the turn they belong to, so it survives a restart exactly as far as the world does.
Every operation names its entry by sequence number, so replaying one twice is harmless.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.engine.changes import ChangeRecord, Pair, diff_keys
from sandbox.engine.objects import Kind, _set, from_doc
from sandbox.engine.prototypes import META_NAME as PROTOTYPES
from sandbox.engine.tracked import plain_copy

if TYPE_CHECKING:
    from sandbox.engine.world import World

#: Entries kept per builder, for undo and for redo each; older ones are pruned.
MAX_ENTRIES = 50


@dataclass(slots=True)
class Entry:
    seq: int
    line: str
    at: float
    objects: dict[int, Pair] = field(default_factory=dict)
    areas: dict[str, Pair] = field(default_factory=dict)
    #: Prototypes kept in the world (proto/create, proto/edit, proto/del), by key.
    prototypes: dict[str, Pair] = field(default_factory=dict)

    @classmethod
    def of(cls, seq: int, record: ChangeRecord, at: float) -> Entry:
        protos: dict[str, Pair] = {}
        if record.meta is not None:
            before, after = record.meta
            protos = diff_keys((before or {}).get(PROTOTYPES) or {}, (after or {}).get(PROTOTYPES) or {})
        return cls(seq, record.line, at, dict(record.objects), dict(record.areas), protos)

    def to_doc(self) -> dict[str, Any]:
        doc = {
            "seq": self.seq,
            "line": self.line,
            "at": self.at,
            "objects": {str(k): list(v) for k, v in self.objects.items()},
            "areas": {k: list(v) for k, v in self.areas.items()},
        }
        if self.prototypes:
            doc["prototypes"] = {k: list(v) for k, v in self.prototypes.items()}
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Entry:
        return cls(
            int(doc["seq"]),
            str(doc.get("line", "")),
            float(doc.get("at", 0.0)),
            {int(k): (v[0], v[1]) for k, v in doc.get("objects", {}).items()},
            {str(k): (v[0], v[1]) for k, v in doc.get("areas", {}).items()},
            {str(k): (v[0], v[1]) for k, v in doc.get("prototypes", {}).items()},
        )

    def summary(self) -> str:
        n = len(self.objects)
        out = f"{n} object{'s' if n != 1 else ''}" + (f", {len(self.areas)} area(s)" if self.areas else "")
        if self.prototypes:
            out += f", {len(self.prototypes)} prototype(s)"
        return out


@dataclass(slots=True)
class Stacks:
    undo: list[Entry] = field(default_factory=list)
    redo: list[Entry] = field(default_factory=list)


class History:
    """Every builder's undo and redo stacks, changed only by :meth:`apply`."""

    def __init__(self) -> None:
        self.stacks: dict[int, Stacks] = {}
        self.last_seq = 0

    def of(self, actor: int) -> Stacks:
        return self.stacks.get(actor) or Stacks()

    def apply(self, op: list[Any]) -> None:
        """One operation: ``["push", actor, entry]``, ``["undo", actor, seq]`` or ``["redo", actor, seq]``."""
        kind, actor = op[0], int(op[1])
        stacks = self.stacks.setdefault(actor, Stacks())
        if kind == "push":
            entry = op[2] if isinstance(op[2], Entry) else Entry.from_doc(op[2])
            self.last_seq = max(self.last_seq, entry.seq)
            if any(e.seq == entry.seq for e in stacks.undo):
                return
            stacks.undo.append(entry)
            del stacks.undo[:-MAX_ENTRIES]
            stacks.redo.clear()
        elif kind in ("undo", "redo"):
            source, target = (stacks.undo, stacks.redo) if kind == "undo" else (stacks.redo, stacks.undo)
            for i, entry in enumerate(source):
                if entry.seq == op[2]:
                    target.append(source.pop(i))
                    del target[:-MAX_ENTRIES]
                    break

    def to_doc(self) -> dict[str, Any]:
        return {
            str(actor): {"undo": [e.to_doc() for e in s.undo], "redo": [e.to_doc() for e in s.redo]}
            for actor, s in self.stacks.items()
            if s.undo or s.redo
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> History:
        history = cls()
        for actor, stacks in doc.items():
            s = history.stacks[int(actor)] = Stacks(
                [Entry.from_doc(e) for e in stacks.get("undo", [])], [Entry.from_doc(e) for e in stacks.get("redo", [])]
            )
            for e in (*s.undo, *s.redo):
                history.last_seq = max(history.last_seq, e.seq)
        return history


def conflicts(world: World, entry: Entry, *, redo: bool = False, changed_by: Callable[[int], str] = lambda oid: "") -> list[str]:
    """Why setting entry's objects back (``before``; ``after`` for redo) would be wrong now.

    Each object must be exactly as the entry left it; nothing the undo removes may hold
    or be the destination of something outside the entry; every holder it puts
    something back into must exist.
    """
    problems: list[str] = []
    now_side, target_side = (0, 1) if redo else (1, 0)
    for oid, pair in entry.objects.items():
        obj = world.get(oid)
        current = obj.to_doc() if obj is not None else None
        if current != pair[now_side]:
            label = _label(pair[now_side] or pair[target_side], oid)
            by = changed_by(oid)
            problems.append((f"{label} was changed after that" if obj is not None else f"{label} is gone now") + (f" (by {by})" if by else ""))
    for name, pair in entry.areas.items():
        area = world.areas.get(name)
        if (area.to_doc() if area is not None else None) != pair[now_side]:
            problems.append(f"area {name!r} was changed after that")
    own = world.meta.get(PROTOTYPES) or {}
    for key, pair in entry.prototypes.items():
        if plain_copy(own.get(key)) != pair[now_side]:
            problems.append(f"prototype {key!r} was changed after that")
    if problems:
        return problems
    removing = {oid for oid, pair in entry.objects.items() if pair[target_side] is None}
    for oid in removing:
        obj = world.get(oid)
        if obj is None:
            continue
        for child in world.contents(obj):
            if child.id not in entry.objects:
                problems.append(f"{_label(child.to_doc(), child.id)} is in {_label(obj.to_doc(), oid)} now")
    if removing:
        for other in world.objects.values():
            if other.destination in removing and other.id not in entry.objects:
                problems.append(f"{_label(other.to_doc(), other.id)} leads to {_label(entry.objects[other.destination][now_side], other.destination)}")
    for oid, pair in entry.objects.items():
        doc = pair[target_side]
        loc = doc.get("location") if doc else None
        if loc is not None and loc not in entry.objects and world.get(loc) is None:
            problems.append(f"{_label(doc, oid)} belongs in #{loc}, which is gone")
    return problems


def restore(world: World, entry: Entry, *, redo: bool = False) -> None:
    """Set every object and area of entry to its ``before`` (``after`` for redo) side."""
    side = 1 if redo else 0
    apply_docs(world, {oid: pair[side] for oid, pair in entry.objects.items()})
    for name, pair in entry.areas.items():
        doc = pair[side]
        if doc is None:
            if name in world.areas and not world.rooms_in(name):
                world._before_section("areas")
                area = world.areas.pop(name)
                object.__setattr__(area, "_world", None)
        else:
            area = world.add_area(name)
            area.desc = doc.get("desc", "")
            area.resets = doc.get("resets") or {}
    if entry.prototypes:
        own = dict(world.meta.get(PROTOTYPES) or {})
        for key, pair in entry.prototypes.items():
            if pair[side] is None:
                own.pop(key, None)
            else:
                own[key] = pair[side]
        world.meta[PROTOTYPES] = own


def apply_docs(world: World, docs: dict[int, dict[str, Any] | None]) -> None:
    """Set objects to the given documents (None: remove), as recorded edits (undo, redo).

    Holders come back before what they hold; the caller has checked that every
    location named exists or is among ``docs``.
    """
    for oid, doc in docs.items():
        obj = world.objects.get(oid)
        if doc is None and obj is not None:
            world.remove(obj)
    pending = {oid: doc for oid, doc in docs.items() if doc is not None}
    for _ in range(len(pending) + 1):
        if not pending:
            break
        for oid, doc in list(pending.items()):
            if doc.get("location") is not None and doc["location"] in pending and doc["location"] != oid:
                continue  # its holder first
            del pending[oid]
            obj = world.objects.get(oid)
            if obj is None:
                world.insert(from_doc(doc))
                continue
            world._before_edit(obj)
            old_holder = world.get(obj.location)
            new_holder = world.get(doc.get("location"))
            if old_holder is not new_holder:
                world._before_contents(old_holder)
                world._before_contents(new_holder)
                if old_holder is not None and obj.id in old_holder.contents:
                    old_holder.contents.remove(obj.id)
                if new_holder is not None:
                    new_holder.contents.append(obj.id)
            obj._restore(doc)
            if new_holder is None and obj.location is not None:
                _set(obj, "location", None)
            if obj.kind == Kind.ROOM and obj.area:
                world.add_area(obj.area)


def _label(doc: dict[str, Any] | None, oid: int) -> str:
    name = (doc or {}).get("name")
    return f"{name} (#{oid})" if name else f"#{oid}"
