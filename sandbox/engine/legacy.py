"""Worlds saved before locks existed keep behaving as they did.

Exits used to be locked by an ``attrs.locked`` flag (with ``attrs.locked_msg``) that the
engine checked by hand, and things were kept off the floor by ``attrs.fixed``. Those
checks are now locks (docs/locks.md). An object still carrying the old attributes and
no lock of its own is given the equivalent lock when a world is loaded, so a gate in a
world saved by an older version does not swing open. The old attributes stay (a lever
still flips ``locked``); the upgrade is saved with the object's next change and is
repeated harmlessly at each load until then.
"""
from __future__ import annotations

from sandbox.engine.objects import GameObject, Kind


def upgrade(obj: GameObject) -> bool:
    """Give obj the lock its legacy attributes meant; True if it changed. Records nothing
    (called while loading, before any turn)."""
    attrs = obj.attrs
    if not attrs or obj.locks:
        return False
    if obj.kind == Kind.EXIT and "locked" in attrs:
        dict.__setitem__(obj.locks, "traverse", "not objattr(locked)")
        message = attrs.get("locked_msg")
        if isinstance(message, str) and "err_traverse" not in attrs:
            dict.__setitem__(attrs, "err_traverse", message)
        return True
    if obj.kind == Kind.THING and attrs.get("fixed") is True:
        dict.__setitem__(obj.locks, "get", "false()")
        return True
    return False
