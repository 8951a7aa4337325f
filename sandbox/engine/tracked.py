"""Containers that report their own edits, and the JSON rule for stored values.

An object's ``attrs``, ``tags``, ``aliases`` and ``cmdsets`` (and the world's ``meta``
and ``accounts``) are these subclasses of dict, set and list. Every mutating method first
tells the container's owner that it is *about* to change (so the owner can keep a copy
of how it was, for rollback and undo), then changes. Reads are the builtin C methods, so
tracking costs nothing on the hot path of ``look``.

Nested dicts and lists inside attributes are tracked the same way, so
``obj.attrs["stats"]["hp"] -= 1`` is recorded like any other edit. Values are checked
when they are stored: only what survives a JSON round trip unchanged is accepted, so the
world in memory always equals the world read back from disk.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol, SupportsIndex

#: orjson (our serialiser) refuses integers outside 64 bits.
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1


class Owner(Protocol):
    """Whom a container tells before it changes: the world (``key`` is the object's id)
    or one of the world's sections. Containers never point at their object, so an
    object and its containers form no reference cycle and are freed as soon as the
    object leaves the world."""

    def _container_edit(self, key: Any) -> None: ...


class AttrValueError(TypeError):
    """A value that cannot be saved as JSON; says which attribute and which type."""


def json_value(value: Any, owner: Owner | None, where: str, key: Any = None) -> Any:
    """``value`` made storable: tracked containers for dicts and lists (tuples become
    lists), scalars as they are. Raises AttrValueError naming ``where`` otherwise."""
    kind = type(value)
    if value is None or kind is str or kind is bool:
        return value
    if kind is int:
        if not _INT_MIN <= value <= _INT_MAX:
            raise AttrValueError(f"{where}: the integer {value} is too large to save (64 bits at most)")
        return value
    if kind is float:
        if not math.isfinite(value):
            raise AttrValueError(f"{where}: {value} cannot be saved (JSON has no NaN or infinity)")
        return value
    if isinstance(value, dict):
        out = TrackedDict()
        for name, item in value.items():
            if type(name) is not str:
                raise AttrValueError(f"{where}: keys must be text, not {type(name).__name__} ({name!r})")
            dict.__setitem__(out, name, json_value(item, owner, f"{where}.{name}", key))
        out._owner, out._key = owner, key
        return out
    if isinstance(value, (list, tuple)):
        lst = TrackedList(json_value(item, owner, f"{where}[{i}]", key) for i, item in enumerate(value))
        lst._owner, lst._key = owner, key
        return lst
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (str, int, float)):  # subclasses (IntEnum, str enums): store the plain value
        return json_value(_plain(value), owner, where, key)
    raise AttrValueError(
        f"{where}: a {kind.__name__} cannot be saved; use text, numbers, true/false, null, lists or dicts"
    )


def _plain(value: str | int | float) -> str | int | float:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    return float(value)


def plain_copy(value: Any) -> Any:
    """A deep copy made of builtin dicts and lists (what documents and snapshots hold)."""
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    return value


class TrackedDict(dict[str, Any]):
    __slots__ = ("_owner", "_key")
    _owner: Owner | None
    _key: Any

    def _stored(self, key: Any, value: Any) -> Any:
        if type(key) is not str:
            raise AttrValueError(f"keys must be text, not {type(key).__name__} ({key!r})")
        return json_value(value, getattr(self, "_owner", None), key, getattr(self, "_key", None))

    def _touch(self) -> None:
        owner = getattr(self, "_owner", None)  # unset until adopted: no __init__, so loading stays C-speed
        if owner is not None:
            owner._container_edit(self._key)

    def __setitem__(self, key: str, value: Any) -> None:
        stored = self._stored(key, value)
        self._touch()
        dict.__setitem__(self, key, stored)

    def __delitem__(self, key: str) -> None:
        if key in self:
            self._touch()
        dict.__delitem__(self, key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self._touch()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        if self:
            self._touch()
        return dict.popitem(self)

    def clear(self) -> None:
        if self:
            self._touch()
        dict.clear(self)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[override,misc]  # returns self, like dict
        self.update(other)
        return self

    def __reduce__(self) -> Any:  # copies and pickles are plain dicts, detached from the owner
        return (dict, (dict(self),))


class TrackedTextDict(TrackedDict):
    """A dict of text to text (lock strings by access type, say): values are not JSON at large."""

    __slots__ = ()

    def _stored(self, key: Any, value: Any) -> Any:
        if type(key) is not str or type(value) is not str:
            raise AttrValueError(f"{key!r}: keys and values are text, not {type(key if type(key) is not str else value).__name__}")
        return value


class TrackedList(list[Any]):
    __slots__ = ("_owner", "_key")
    _owner: Owner | None
    _key: Any

    def _stored(self, value: Any) -> Any:
        return json_value(value, getattr(self, "_owner", None), "item", getattr(self, "_key", None))

    def _touch(self) -> None:
        owner = getattr(self, "_owner", None)  # unset until adopted: no __init__, so loading stays C-speed
        if owner is not None:
            owner._container_edit(self._key)

    def __setitem__(self, index: Any, value: Any) -> None:
        stored = [self._stored(v) for v in value] if isinstance(index, slice) else self._stored(value)
        self._touch()
        list.__setitem__(self, index, stored)

    def __delitem__(self, index: Any) -> None:
        self._touch()
        list.__delitem__(self, index)

    def append(self, value: Any) -> None:
        stored = self._stored(value)
        self._touch()
        list.append(self, stored)

    def extend(self, values: Iterable[Any]) -> None:
        stored = [self._stored(v) for v in values]
        if stored:
            self._touch()
            list.extend(self, stored)

    def __iadd__(self, values: Iterable[Any]) -> TrackedList:  # type: ignore[misc]  # in place keeps the tracked type; the plain operator does not
        self.extend(values)
        return self

    def insert(self, index: SupportsIndex, value: Any) -> None:
        stored = self._stored(value)
        self._touch()
        list.insert(self, index, stored)

    def pop(self, index: SupportsIndex = -1) -> Any:
        self._touch()
        return list.pop(self, index)

    def remove(self, value: Any) -> None:
        if value in self:
            self._touch()
        list.remove(self, value)

    def clear(self) -> None:
        if self:
            self._touch()
        list.clear(self)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._touch()
        list.sort(self, *args, **kwargs)

    def reverse(self) -> None:
        self._touch()
        list.reverse(self)

    def __reduce__(self) -> Any:
        return (list, (list(self),))


class TrackedSet(set[str]):
    """Tags: a set of text."""

    __slots__ = ("_owner", "_key")
    _owner: Owner | None
    _key: Any

    def _touch(self) -> None:
        owner = getattr(self, "_owner", None)  # unset until adopted: no __init__, so loading stays C-speed
        if owner is not None:
            owner._container_edit(self._key)

    @staticmethod
    def _checked(value: Any) -> str:
        if type(value) is not str:
            raise AttrValueError(f"tags are text, not {type(value).__name__} ({value!r})")
        return value

    def add(self, value: str) -> None:
        if value not in self:
            self._checked(value)
            self._touch()
            set.add(self, value)

    def discard(self, value: object) -> None:
        if value in self:
            self._touch()
            set.discard(self, value)

    def remove(self, value: str) -> None:
        if value in self:
            self._touch()
        set.remove(self, value)

    def pop(self) -> str:
        if self:
            self._touch()
        return set.pop(self)

    def clear(self) -> None:
        if self:
            self._touch()
        set.clear(self)

    def update(self, *others: Iterable[str]) -> None:
        new = {self._checked(v) for other in others for v in other} - self
        if new:
            self._touch()
            set.update(self, new)

    def __ior__(self, other: Any) -> TrackedSet:  # type: ignore[override,misc]  # in place keeps the tracked type; set's operator does not
        self.update(other)
        return self

    def difference_update(self, *others: Iterable[Any]) -> None:
        gone = {v for other in others for v in other} & self
        if gone:
            self._touch()
            set.difference_update(self, gone)

    def __isub__(self, other: Any) -> TrackedSet:  # type: ignore[misc]  # in place keeps the tracked type; the plain operator does not
        self.difference_update(other)
        return self

    def intersection_update(self, *others: Iterable[Any]) -> None:
        keep = set(self).intersection(*others)
        if keep != self:
            self._touch()
            set.intersection_update(self, keep)

    def __iand__(self, other: Any) -> TrackedSet:  # type: ignore[misc]  # in place keeps the tracked type; the plain operator does not
        self.intersection_update(other)
        return self

    def symmetric_difference_update(self, other: Iterable[Any]) -> None:
        other = set(other)
        if other:
            for v in other - self:
                self._checked(v)
            self._touch()
            set.symmetric_difference_update(self, other)

    def __ixor__(self, other: Any) -> TrackedSet:  # type: ignore[override,misc]  # in place keeps the tracked type; set's operator does not
        self.symmetric_difference_update(other)
        return self

    def __reduce__(self) -> Any:
        return (set, (set(self),))


def tracked_list(items: Iterable[Any], owner: Owner | None, where: str, *, text: bool = False, key: Any = None) -> TrackedList:
    """A tracked list of JSON values (of text only when ``text``), checked now."""
    out = TrackedList()
    for i, item in enumerate(items):
        if text and type(item) is not str:
            raise AttrValueError(f"{where}[{i}]: must be text, not {type(item).__name__}")
        list.append(out, json_value(item, owner, f"{where}[{i}]", key))
    out._owner, out._key = owner, key
    return out


def tracked_set(items: Iterable[Any], owner: Owner | None, key: Any = None) -> TrackedSet:
    tags = TrackedSet(TrackedSet._checked(t) for t in items)
    tags._owner, tags._key = owner, key
    return tags
