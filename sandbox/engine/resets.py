"""Area resets: what an area should contain, put back on the engine clock.

In the spirit of Diku/ROM resets and LPMud's ``reset()``. An area's ``resets`` (stored
with the area, so the turn that sets them is journaled and undoable) look like::

    {"every": 300, "when": "empty",
     "rules": [{"spawn": "brass key", "room": 12, "max": 1},
               {"spawn": "shopkeeper", "room": 14, "max": 1},
               {"restore": 15, "attrs": {"locked": true}}]}

A pass, for each rule:

- ``spawn`` a thing: counts the things of that prototype lying in the room and spawns
  the missing ones (a key a player carried off is replaced; the player keeps theirs).
- ``spawn`` a character (an NPC): counts the characters of that prototype whose home
  is the room, wherever they are; the missing ones are spawned there, and those that
  wandered off are walked home. An NPC's home is its ``home`` attribute, a ``"#12"``
  reference (the form every id in an attribute takes, so an import can renumber it).
- ``restore`` an object: puts back the attributes and locks recorded in the rule
  (a door locked again, a lever pulled back), or, with ``"prototype": true``, everything
  its prototype defines (a door that follows an "iron door" prototype, see proto/apply).

``every`` (seconds, on the engine's clock, so a transcript's ``{wait 5m}`` runs it) sets
the timer; ``when = "empty"`` skips a pass while a player is in the area (tried again at
the next one). ``reset <area>`` runs a pass at once.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sandbox.engine.clock import Timer
from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.prototypes import PrototypeError, apply_changes, norm_key, planned_changes, spawn
from sandbox.engine.text import escape
from sandbox.engine.tracked import plain_copy

if TYPE_CHECKING:
    from sandbox.engine.core import Engine
    from sandbox.engine.world import Area

WHEN = ("always", "empty")
_REF = re.compile(r"#(\d+)")


def ref(oid: int) -> str:
    """How an attribute holds an object id: ``"#12"`` (see docs/builders-guide.md)."""
    return f"#{oid}"


def ref_id(value: Any) -> int | None:
    """The id in a ``"#12"`` reference, or None."""
    if isinstance(value, str):
        match = _REF.fullmatch(value.strip())
        if match:
            return int(match.group(1))
    return None


def parse_duration(text: str) -> float:
    """``300``, ``30s``, ``5m``, ``1h`` or ``1h30m`` in seconds; ValueError otherwise."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(h|m|s|ms)", text)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s+", "", text):
        raise ValueError(f"{text!r} is not a time (e.g. 30s, 5m, 1h)")
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(n) * scale[u] for n, u in parts)


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds and seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60}s"
    return f"{seconds}s"


def checked_resets(value: Any) -> dict[str, Any]:
    """A valid resets dict (see the module docstring), or ValueError saying what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("resets must be a dict")
    every = value.get("every")
    if every is not None and (type(every) not in (int, float) or every < 0):
        raise ValueError("every must be a number of seconds")
    if value.get("when", "always") not in WHEN:
        raise ValueError(f"when must be one of {', '.join(WHEN)}")
    rules = value.get("rules", [])
    if not isinstance(rules, list):
        raise ValueError("rules must be a list")
    for n, rule in enumerate(rules, 1):
        if not isinstance(rule, dict):
            raise ValueError(f"rule {n} is not a dict")
        if "spawn" in rule:
            ok = isinstance(rule["spawn"], str) and type(rule.get("room")) is int and type(rule.get("max", 1)) is int
            if not ok or rule.get("max", 1) < 1:
                raise ValueError(f"rule {n}: spawn needs a prototype key, a room id and max >= 1")
        elif "restore" in rule:
            if type(rule["restore"]) is not int or not isinstance(rule.get("attrs", {}), dict):
                raise ValueError(f"rule {n}: restore needs an object id and attrs")
            if type(rule.get("prototype", False)) is not bool:
                raise ValueError(f"rule {n}: prototype is true or false")
        else:
            raise ValueError(f"rule {n} is neither spawn nor restore")
    return cast(dict[str, Any], plain_copy(value))  # checked above: a dict of rules


def describe_rule(rule: dict[str, Any]) -> str:
    """One rule as plain text (escape before putting it in markup)."""
    if "spawn" in rule:
        return f"{rule['spawn']} in #{rule['room']} max {rule.get('max', 1)}"
    if rule.get("prototype"):
        return f"restore #{rule['restore']} to its prototype"
    values = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted((rule.get("attrs") or {}).items()))
    locks = ", ".join(f"lock {k}" for k in sorted(rule.get("locks") or {}))
    return f"restore #{rule['restore']}: " + (", ".join(x for x in (values, locks) if x) or "nothing recorded")


@dataclass(slots=True)
class ResetReport:
    """What one pass did (the TUI and ``area/resets`` show the last one per area)."""

    area: str
    at: float
    forced: bool = False
    spawned: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: str = ""

    def summary(self) -> str:
        """Plain text, one line."""
        if self.skipped:
            return f"skipped: {self.skipped}"
        parts = []
        for label, items in (("spawned", self.spawned), ("returned", self.returned), ("restored", self.restored)):
            if items:
                parts.append(f"{label} {', '.join(items)}")
        parts.extend(f"problem: {p}" for p in self.problems)
        return "; ".join(parts) or "nothing was missing"


def reset_area(engine: Engine, area: Area, *, forced: bool = False) -> ResetReport:
    """One reset pass over an area (inside the current turn). Builders' mistakes (a
    missing prototype or room) are reported, never raised: a reset must not fail a turn."""
    world = engine.world
    report = ResetReport(area.name, engine.clock.now(), forced)
    resets = area.resets
    if not forced and resets.get("when") == "empty":
        for session in engine.sessions.values():
            char = world.get(session.character_id)
            if char is None or not world.is_player_character(char):
                continue
            room = world.room_of(char)
            if room is not None and room.area == area.name:
                report.skipped = f"{char.name} is in the area"
                return report
    rules = resets.get("rules") or []
    wanted = {norm_key(r["spawn"]) for r in rules if "spawn" in r}
    # One scan of the world for everything the rules count: (prototype, room) -> objects.
    placed: dict[tuple[str, int], list[GameObject]] = {}
    homed: dict[tuple[str, int], list[GameObject]] = {}
    if wanted:
        for obj in world.objects.values():
            key = obj.prototype
            if key and key in wanted:
                if obj.kind == Kind.CHARACTER:
                    home = ref_id(obj.attrs.get("home"))
                    if home is not None:
                        homed.setdefault((key, home), []).append(obj)
                elif obj.location is not None:
                    placed.setdefault((key, obj.location), []).append(obj)
    for rule in rules:
        if "spawn" in rule:
            _spawn_rule(engine, rule, placed, homed, report)
        elif "restore" in rule:
            _restore_rule(engine, rule, report)
    return report


def _spawn_rule(
    engine: Engine,
    rule: dict[str, Any],
    placed: dict[tuple[str, int], list[GameObject]],
    homed: dict[tuple[str, int], list[GameObject]],
    report: ResetReport,
) -> None:
    world = engine.world
    key, room_id, most = norm_key(rule["spawn"]), rule["room"], rule.get("max", 1)
    room = world.get(room_id)
    if room is None or room.kind != Kind.ROOM:
        report.problems.append(f"room #{room_id} for {key} does not exist")
        return
    try:
        resolved = engine.prototypes.resolve(world, key)
    except PrototypeError as exc:
        report.problems.append(exc.message)
        return
    is_npc = resolved.values.get("kind") == Kind.CHARACTER
    present = homed.get((key, room_id), []) if is_npc else placed.get((key, room_id), [])
    if is_npc:
        for npc in present:
            if world.room_of(npc) is not room and world.player_holding(npc) is None:
                engine.move(npc, room, announce=True)
                report.returned.append(f"{npc.name} ({npc.ref})")
    for _ in range(most - len(present)):
        try:
            obj = spawn(world, resolved, room)
        except PrototypeError as exc:
            report.problems.append(exc.message)
            return
        if is_npc:
            obj.attrs["home"] = ref(room.id)
        report.spawned.append(f"{obj.name} ({obj.ref})")


def _restore_rule(engine: Engine, rule: dict[str, Any], report: ResetReport) -> None:
    obj = engine.world.get(rule["restore"])
    if obj is None:
        report.problems.append(f"#{rule['restore']} to restore does not exist")
        return
    if rule.get("prototype"):
        try:
            changes = planned_changes(obj, engine.prototypes.resolve(engine.world, obj.prototype))
        except PrototypeError as exc:
            report.problems.append(f"{obj.ref}: {exc.message}")
            return
        apply_changes(obj, changes)
        if changes:
            report.restored.append(f"{obj.name} ({obj.ref})")
        return
    changed = False
    for name, value in (rule.get("attrs") or {}).items():
        if obj.attrs.get(name) != value or name not in obj.attrs:
            obj.attrs[name] = plain_copy(value)
            changed = True
    for access, lock in (rule.get("locks") or {}).items():
        if obj.locks.get(access) != lock:
            obj.locks[access] = lock
            changed = True
    if changed:
        report.restored.append(f"{obj.name} ({obj.ref})")


class AreaResets:
    """The reset timers of every area on the engine's clock, and the last pass of each."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._timers: dict[str, tuple[float, Timer]] = {}
        #: The last pass per area (not saved: a restarted engine starts a fresh history).
        self.last: dict[str, ResetReport] = {}
        self.sync()

    def sync(self) -> None:
        """Start, change or stop timers after areas changed (called after each commit)."""
        areas = self.engine.world.areas
        for name in list(self._timers):
            area = areas.get(name)
            every = _every(area)
            if every != self._timers[name][0]:
                self._timers.pop(name)[1].cancel()
        for name, area in areas.items():
            every = _every(area)
            if every and name not in self._timers:
                timer = self.engine.scheduler.call_later(every, self._tick(name), interval=every)
                self._timers[name] = (every, timer)

    def _tick(self, name: str) -> Any:
        def tick() -> None:
            area = self.engine.world.areas.get(name)
            if area is not None:
                self.run(area)

        return tick

    def run(self, area: Area, *, forced: bool = False) -> ResetReport:
        report = reset_area(self.engine, area, forced=forced)
        self.last[area.name] = report
        if report.problems:
            self.engine.notify_builders_later(
                f"[error]Reset of {escape(area.name)}: {escape('; '.join(report.problems))}[/error]"
            )
        return report

    def next_due(self, name: str) -> float | None:
        found = self._timers.get(name)
        return found[1].due if found is not None else None

    def every(self, name: str) -> float | None:
        found = self._timers.get(name)
        return found[0] if found is not None else None


def _every(area: Area | None) -> float:
    if area is None:
        return 0.0
    every = area.resets.get("every")
    if not isinstance(every, (int, float)) or isinstance(every, bool) or every <= 0 or not area.resets.get("rules"):
        return 0.0
    return float(every)
