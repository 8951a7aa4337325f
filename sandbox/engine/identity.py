"""Who a privileged command means, and which names a character may have.

Names are for reading; ids are identity. A builder could once rename herself to a
player's name and collect the admin's ``perm Carol = admin``. So:

* :func:`find_target` finds by ``#id`` or by name like ``ctx.find``, but when a name
  fits more than one object it refuses and lists the candidates with their ids (and,
  for characters, whether each is a player, with its account, or an NPC), instead of
  taking the first.
* :func:`name_problem` keeps players' names to their players: no character may be
  named (or aliased) after an account or another player character.
* NPC names do not reserve anything: ``create/npc Dave`` does not stop a person from
  registering Dave; NPCs are marked as NPCs where characters are listed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.text import escape
from sandbox.engine.world import World

if TYPE_CHECKING:
    from sandbox.engine.context import Context

_ORDINAL = re.compile(r"^\d+[.-].+$")


def account_of(world: World, char: GameObject) -> dict[str, Any] | None:
    for record in world.accounts.values():
        if record.get("character") == char.id:
            return cast(dict[str, Any], record)
    return None


def who_is(world: World, obj: GameObject) -> str:
    """``Carol (#12, player carol)``: enough to tell look-alikes apart (markup)."""
    name = f"{escape(obj.name)} ({obj.ref}"
    if obj.kind != Kind.CHARACTER:
        place = world.get(obj.location)
        where = f" in {escape(place.name)}" if place is not None else ""
        return f"{name}, {obj.kind}{where})"
    if not world.is_player_character(obj):
        return f"{name}, NPC)"
    account = account_of(world, obj)
    if account is None:
        return f"{name}, player without an account)"
    return f"{name}, player {escape(str(account['name']).lower())})"


def match_names(pool: Iterable[GameObject], low: str) -> list[GameObject]:
    """Objects answering to ``low``: exact names or aliases, else prefixes, else a prefix
    of any word of a name ("sword" finds "rusty sword")."""
    pool = list(pool)
    exact = [o for o in pool if low in (n.lower() for n in o.names())]
    if exact:
        return exact
    prefix = [o for o in pool if any(n.lower().startswith(low) for n in o.names())]
    if prefix:
        return prefix
    return [o for o in pool if any(w.startswith(low) for n in o.names() for w in n.lower().split())]


def find_target(
    ctx: Context,
    query: str,
    *,
    where: str | Iterable[str] = ("here", "inventory"),
    kind: str | Iterable[str] | None = None,
) -> GameObject | None:
    """One object for a privileged command, or None after telling the caller why.

    ``#id``, ``me``, ``here`` and ordinals (``2.guard``: the caller chose) work as in
    ``ctx.find``; a name that fits several objects is an error listing them with ids.
    """
    query = query.strip()
    low = query.lower()
    if not query or query.startswith("#") or low in ("me", "self", "here") or _ORDINAL.match(low):
        return ctx.find(query, where=where, kind=kind)
    kinds = None if kind is None else ({kind} if isinstance(kind, str) else set(kind))
    pool = [o for o in ctx.candidates(where) if kinds is None or o.kind in kinds]
    matches = list({o.id: o for o in match_names(pool, low)}.values())  # "here" and "world" overlap
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return ctx.find(query, where=where, kind=kind)  # its "not found" message
    listed = "; ".join(who_is(ctx.world, o) for o in sorted(matches, key=lambda o: o.id)[:10])
    more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
    ctx.error(f"'{escape(query)}' could be any of: {listed}{more}. Say which with its #id.")
    return None


def name_problem(world: World, obj: GameObject | None, names: Iterable[str]) -> str | None:
    """Why character obj (None: a character about to be made) may not be called any of
    ``names`` (markup), or None.

    Only characters are checked: a character named or aliased after a player (an
    account, or another player's character) would speak, appear in ``who`` and answer
    privileged commands as that player.
    """
    if obj is not None and obj.kind != Kind.CHARACTER:
        return None
    own = account_of(world, obj) if obj is not None else None
    own_key = str(own["name"]).lower() if own else None
    own_id = obj.id if obj is not None else None
    for name in names:
        low = name.strip().lower()
        if not low:
            continue
        account = world.accounts.get(low)
        if account is not None and low != own_key and account.get("character") != own_id:
            return f"'{escape(name)}' is the name of the player {escape(str(account['name']))}; characters may not take a player's name."
        for other in world.characters_named(low):
            if other.id != own_id and world.is_player_character(other):
                return f"'{escape(name)}' is the name of the player {who_is(world, other)}; characters may not take a player's name."
    return None
