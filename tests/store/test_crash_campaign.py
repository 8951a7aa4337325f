"""SIGKILL at random moments during ordinary building: nothing acknowledged is lost,
nothing is duplicated, nothing destroyed comes back, and every world loads.

Each round starts a real `sandbox play` process on the game directory, plays a random
number of commands (waiting for each acknowledgement), sends one more and kills the
process a random few milliseconds later: before, during or after that command's commit,
and now and then inside a checkpoint (the journal is checkpointed every few kilobytes
here). Then the world on disk must match what was acknowledged, with the command in
flight either wholly done or not at all.

Bounded in time: at least 10 rounds per workload, then more while
``SANDBOX_CAMPAIGN_SECONDS`` (default 15) last, at most ``SANDBOX_CAMPAIGN_ROUNDS``
(default 100) rounds.
"""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.engine.world import World
from sandbox.store.world_store import WorldStore
from tests.store.test_durability import _Output

SECONDS = float(os.environ.get("SANDBOX_CAMPAIGN_SECONDS", "15"))
ROUNDS = int(os.environ.get("SANDBOX_CAMPAIGN_ROUNDS", "100"))
MIN_ROUNDS = min(ROUNDS, 10)


class _Player:
    def __init__(self, game: Path) -> None:
        env = {**os.environ, "SANDBOX_CHECKPOINT_BYTES": "3000"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "play", "--game", str(game)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0, env=env,
        )
        self.out = _Output(self.proc)

    def ask(self, line: str, answer: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{line}\n".encode())
        return self.out.read_until(answer)

    def kill_during(self, line: str, rng: random.Random) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{line}\n".encode())
        time.sleep(rng.choice([0, 0, 0.0005, 0.001, 0.002, 0.004, 0.008]))
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def _load(game: Path) -> World:
    return WorldStore(game / "world", writable=False).load()  # raises if anything is damaged


def _campaign(tmp_path: Path, setup: Callable[[_Player], object], round_: Callable[[_Player, random.Random, object, World], None], seed: int) -> int:
    game = tmp_path / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True)
    player = _Player(game)
    state = setup(player)
    player.proc.send_signal(signal.SIGKILL)
    player.proc.wait(timeout=10)
    rng = random.Random(seed)
    started, rounds = time.monotonic(), 0
    # At least MIN_ROUNDS whatever the machine's load (a slow machine takes longer, it
    # does not test less); then more, while the time budget lasts.
    while rounds < MIN_ROUNDS or (rounds < ROUNDS and time.monotonic() - started < SECONDS):
        world = _load(game)
        player = _Player(game)
        try:
            round_(player, rng, state, world)
        finally:
            player.proc.kill()
            player.proc.wait(timeout=10)
        rounds += 1
    _load(game)
    return rounds


# -- get, drop and give: objects moving between the players file and area files --------------
def _carry_setup(player: _Player) -> dict:
    pebbles = {}
    for i in range(4):
        out = player.ask(f"create pebble{i}", "inventory.")
        pebbles[int(re.search(r"\(#(\d+)\)", out).group(1))] = f"pebble{i}"
    player.ask("create/npc Porter", "here.")
    return {"pebbles": pebbles}


def _carry_round(player: _Player, rng: random.Random, state: dict, world: World) -> None:
    me = next(o for o in world.objects.values() if "local" in o.tags)
    porter = world.characters_named("Porter")[0]
    where = {oid: world.get(oid).location for oid in state["pebbles"]}  # raises if one was lost
    assert len({o.id for o in world.objects.values()}) == len(world.objects)

    def command(oid: int) -> tuple[str, str, int]:
        name, loc = state["pebbles"][oid], where[oid]
        if loc == me.id:
            return rng.choice([(f"drop {name}", "You drop", me.location), (f"give {name} to Porter", "You give", porter.id)])
        if loc == porter.id:
            return (f"tel #{oid} = here", "Sent ", me.location)
        return (f"get {name}", "You pick up", me.id)

    for _ in range(rng.randint(0, 12)):
        oid = rng.choice(list(state["pebbles"]))
        line, answer, dest = command(oid)
        player.ask(line, answer)
        where[oid] = dest
    oid = rng.choice(list(state["pebbles"]))
    line, _answer, dest = command(oid)
    player.kill_during(line, rng)
    after = _load(player_game(player))
    for pid in state["pebbles"]:
        obj = after.get(pid)
        assert obj is not None, f"pebble #{pid} was lost"
        allowed = {where[pid], dest} if pid == oid else {where[pid]}
        assert obj.location in allowed, (line, pid, obj.location, allowed)


def player_game(player: _Player) -> Path:
    return Path(player.proc.args[player.proc.args.index("--game") + 1])  # type: ignore[union-attr]


# -- area renames: a whole area changes file ----------------------------------------------------
def _rename_round(player: _Player, rng: random.Random, state: object, world: World) -> None:
    names = {r.area for r in world.rooms_sorted()}
    assert len(world.rooms_sorted()) == 9 and len(names) == 1, names
    current = names.pop()
    for _ in range(rng.randint(0, 6)):
        new = "Zebra" if current == "Millbrook" else "Millbrook"
        player.ask(f"area/rename {current} = {new}", "is now")
        current = new
    new = "Zebra" if current == "Millbrook" else "Millbrook"
    player.kill_during(f"area/rename {current} = {new}", rng)
    after = _load(player_game(player))
    rooms = after.rooms_sorted()
    assert len(rooms) == 9, f"lost {9 - len(rooms)} rooms"
    assert {r.area for r in rooms} in ({current}, {new}) and set(after.areas) in ({current}, {new})


# -- dig, destroy and undo: objects made, removed and brought back --------------------------------
def _dig_round(player: _Player, rng: random.Random, state: dict, world: World) -> None:
    """``state["rooms"]``: id -> should it exist; ``state["undoable"]``: the room whose
    destroy is the builder's newest turn (only then is `undo` sent, so it must restore it)."""
    rooms = state.setdefault("rooms", {})
    for oid, alive in rooms.items():
        assert (world.get(oid) is not None) == alive, f"#{oid} should {'exist' if alive else 'be gone'}"

    def command() -> tuple[str, str]:
        alive = [oid for oid, a in rooms.items() if a]
        choice = rng.random()
        if state.get("undoable") and choice < 0.4:
            return "undo", "Undid destroy"
        if alive and choice < 0.7:
            return f"destroy #{rng.choice(alive)}", "Destroyed"
        return f"dig Room{rng.randrange(10**6)}", " in area"

    def acknowledged(line: str, out: str) -> None:
        if line == "undo":
            rooms[state.pop("undoable")] = True
        elif line.startswith("destroy"):
            rooms[int(line.split("#")[1])] = False
            state["undoable"] = int(line.split("#")[1])
        else:
            rooms[int(re.search(r"Dug \S+ \(#(\d+)\)", out).group(1))] = True
            state.pop("undoable", None)

    for _ in range(rng.randint(0, 10)):
        line, answer = command()
        acknowledged(line, player.ask(line, answer))
    line, _answer = command()
    player.kill_during(line, rng)
    after = _load(player_game(player))
    made = [o.id for o in after.rooms_sorted() if o.name.startswith("Room") and o.id not in rooms]
    in_flight = int(line.split("#")[1]) if line.startswith("destroy") else state.get("undoable") if line == "undo" else None
    for oid, alive in rooms.items():
        now = after.get(oid) is not None
        if oid != in_flight:
            assert now == alive, f"#{oid} {'was lost' if alive else 'came back'} (in flight: {line})"
        elif now != alive:  # the command in flight was committed: that is fine too
            acknowledged(line, "")
    assert len(made) <= (1 if line.startswith("dig") else 0), made
    for oid in made:  # a dig in flight was committed
        acknowledged(line, f"Dug Room (#{oid})")


@pytest.mark.parametrize(
    "workload", [(_carry_setup, _carry_round), (lambda p: None, _rename_round), (lambda p: {}, _dig_round)],
    ids=["get-drop-give", "area-rename", "dig-destroy-undo"],
)
def test_random_sigkills_lose_nothing_acknowledged(tmp_path, workload):
    setup, round_ = workload
    rounds = _campaign(tmp_path, setup, round_, seed=len(str(tmp_path)))
    print(f"{round_.__name__}: {rounds} rounds, 0 lost, 0 duplicated, 0 resurrected")
    assert rounds >= MIN_ROUNDS
