"""The standard lock functions (docs/locks.md), declared like commands and hot-reloaded.

Each takes the check (``check.who`` asks for access, ``check.obj`` carries the lock,
``check.world``, ``check.access``) and the call's arguments as text. Names follow
Evennia's lockfuncs, so ``traverse:perm(builder) or holds(brass key)`` means the same.
"""
import json
from collections.abc import Callable
from typing import Any

from sandbox.api import LockCheck, Perm, lockfunc


@lockfunc("true", aliases=["all"])
def true(check: LockCheck) -> bool:
    """true() / all(): everyone passes."""
    return True


@lockfunc("false", aliases=["none"])
def false(check: LockCheck) -> bool:
    """false() / none(): nobody passes."""
    return False


@lockfunc("perm", aliases=["pperm"])
def perm(check: LockCheck, level: str) -> bool:
    """perm(builder): who has this rank or higher (player, builder, admin).

    Evennia's names map onto ours: guest and player → player, helper → player,
    builder → builder, admin and developer → admin. pperm() is the same (a character's
    rank is its account's here).
    """
    rank = _rank(level)
    return rank is not None and check.who.perm >= rank


@lockfunc("perm_above", aliases=["pperm_above"])
def perm_above(check: LockCheck, level: str) -> bool:
    """perm_above(player): who has a rank strictly above this one."""
    rank = _rank(level)
    return rank is not None and check.who.perm > rank


@lockfunc("superuser")
def superuser(check: LockCheck) -> bool:
    """superuser(): who is an admin."""
    return check.who.perm >= Perm.ADMIN


@lockfunc("id", aliases=["dbref", "pid", "pdbref"])
def id_(check: LockCheck, ident: str) -> bool:
    """id(12) or id(#12): who is the object with this id."""
    return check.who.id == _id(ident)


@lockfunc("self")
def self_(check: LockCheck) -> bool:
    """self(): who is the locked object itself."""
    return check.who.id == check.obj.id


@lockfunc("holds")
def holds(check: LockCheck, *what: str) -> bool:
    """holds(): who carries the locked object.  holds(brass key) or holds(#12): who
    carries something with this name, alias or id.  holds(attr, value): who carries
    something whose attribute attr equals value."""
    who = check.who
    if len(what) == 1:
        # The hot path of a door with a key: the names of what someone carries are
        # kept until the world next changes, so a check is one set lookup.
        target = what[0].lower()
        if target[:1] == "#":
            return _id(target) in who.contents
        return target in check.world.memo(("held-names", who.id), _HeldNames(check))
    if not what:
        return check.obj.location == who.id
    if len(what) == 2:
        return _holds_with_attr(check, *what)
    raise TypeError("holds() takes a name or #id, or an attribute and a value")


class _HeldNames:
    """Computes the lower-case names of what who carries (a class, not a closure, so
    the common call of holds() builds no cells)."""

    __slots__ = ("check",)

    def __init__(self, check: LockCheck) -> None:
        self.check = check

    def __call__(self) -> frozenset[str]:
        world, who = self.check.world, self.check.who
        return frozenset(name.lower() for obj in world.contents(who) for name in obj.names())


def _holds_with_attr(check: LockCheck, key: str, value: str) -> bool:
    return any(_equal(obj.attrs.get(key, _MISSING), value) for obj in check.world.contents(check.who))


@lockfunc("attr")
def attr(check: LockCheck, name: str, value: str | None = None, compare: str = "eq") -> bool:
    """attr(lit): who has a true attribute lit.  attr(level, 5): it equals 5.
    attr(level, 5, compare=ge): compared with eq, ne, gt, ge, lt or le."""
    return _attr_test(check.who.attrs, name, value, compare)


@lockfunc("objattr")
def objattr(check: LockCheck, name: str, value: str | None = None, compare: str = "eq") -> bool:
    """objattr(locked): the locked object itself has a true attribute (else as attr())."""
    return _attr_test(check.obj.attrs, name, value, compare)


@lockfunc("locattr")
def locattr(check: LockCheck, name: str, value: str | None = None, compare: str = "eq") -> bool:
    """locattr(dark): who's location has the attribute (as attr())."""
    where = check.world.get(check.who.location)
    return where is not None and _attr_test(where.attrs, name, value, compare)


@lockfunc("objlocattr")
def objlocattr(check: LockCheck, name: str, value: str | None = None, compare: str = "eq") -> bool:
    """objlocattr(dark): the locked object's location has the attribute (as attr())."""
    where = check.world.get(check.obj.location)
    return where is not None and _attr_test(where.attrs, name, value, compare)


def _compare_as(op: str) -> Callable[[LockCheck, str, str], bool]:
    def test(check: LockCheck, name: str, value: str) -> bool:
        return _attr_test(check.who.attrs, name, value, op)

    test.__doc__ = f"attr_{op}(name, value): who's attribute compares {op} to value."
    return test


attr_eq = lockfunc("attr_eq")(_compare_as("eq"))
attr_ne = lockfunc("attr_ne")(_compare_as("ne"))
attr_gt = lockfunc("attr_gt")(_compare_as("gt"))
attr_ge = lockfunc("attr_ge")(_compare_as("ge"))
attr_lt = lockfunc("attr_lt")(_compare_as("lt"))
attr_le = lockfunc("attr_le")(_compare_as("le"))


@lockfunc("tag")
def tag(check: LockCheck, name: str) -> bool:
    """tag(guild): who has this tag. (Evennia's second argument, a category, does not
    exist here: tags are plain words.)"""
    return name in check.who.tags


@lockfunc("objtag")
def objtag(check: LockCheck, name: str) -> bool:
    """objtag(cursed): the locked object has this tag."""
    return name in check.obj.tags


@lockfunc("inside")
def inside(check: LockCheck) -> bool:
    """inside(): who is directly inside the locked object (a room or a box)."""
    return check.who.location == check.obj.id


@lockfunc("inside_rec")
def inside_rec(check: LockCheck) -> bool:
    """inside_rec(): who is inside the locked object at any depth."""
    world, target = check.world, check.obj.id
    where = world.get(check.who.location)
    for _ in range(64):
        if where is None:
            return False
        if where.id == target:
            return True
        where = world.get(where.location)
    return False


@lockfunc("has_account", aliases=["is_player"])
def has_account(check: LockCheck) -> bool:
    """has_account(): who is a player character, not an NPC."""
    return check.world.is_player_character(check.who)


# -- helpers (not lock functions) -------------------------------------------------------

_RANKS = {
    "guest": Perm.PLAYER, "guests": Perm.PLAYER, "player": Perm.PLAYER, "players": Perm.PLAYER,
    "helper": Perm.PLAYER, "helpers": Perm.PLAYER, "builder": Perm.BUILDER, "builders": Perm.BUILDER,
    "admin": Perm.ADMIN, "admins": Perm.ADMIN, "developer": Perm.ADMIN, "developers": Perm.ADMIN,
}
_MISSING = object()


def _rank(level: str) -> Perm | None:
    rank = _RANKS.get(level)  # the common spelling first: no string work per check
    return rank if rank is not None else _RANKS.get(level.strip().lower())


def _id(text: str) -> int | None:
    text = text.strip().lstrip("#")
    return int(text) if text.isdigit() else None


def _value(text: str) -> Any:
    """An argument as the JSON value a builder means (5, true, "x"), else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _equal(stored: Any, text: str) -> bool:
    if stored is _MISSING:
        return False
    # `attr(lit, True)` (Python's spelling, as Evennia builders write it) matches true too.
    return stored == _value(text) or str(stored) == text or json.dumps(stored) == text


def _attr_test(attrs: dict[str, Any], name: str, value: str | None, compare: str) -> bool:
    stored = attrs.get(name, _MISSING)
    if value is None:
        return stored is not _MISSING and bool(stored)
    if compare == "eq":
        return _equal(stored, value)
    if compare == "ne":
        return not _equal(stored, value)
    try:
        left, right = float(stored), float(value)
    except (TypeError, ValueError):
        return False
    ops = {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}
    if compare not in ops:
        raise ValueError(f"compare must be eq, ne, gt, ge, lt or le, not {compare!r}")
    return ops[compare]
