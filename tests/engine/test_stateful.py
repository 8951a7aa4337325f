"""Random building, direct edits, failing commands, full disks, time-outs, undo and redo:
after every step the world in memory equals the world read back from disk."""
from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sandbox.engine.commands import CommandTable, command
from sandbox.engine.guard import CommitFailed
from sandbox.engine.objects import Kind
from sandbox.store.world_store import WorldStore
from tests.helpers import REPO, Harness
from tests.store.worlds import world_state

NAMES = st.sampled_from(["Cave", "Hall", "Loft", "lamp", "rope", "Whiskers", "here", "me"])
TEXT = st.text(alphabet="ab [/]é🐉\n", max_size=12)


@command("poke", perm="builder")
def poke(ctx):
    """Edit the world directly, as a careless command module would (no reporting)."""
    here = ctx.here
    here.desc = f"poked {ctx.args}"
    here.attrs.setdefault("log", []).append(len(here.attrs.get("log", [])))
    here.tags.add("poked")
    thing = ctx.world.create(Kind.THING, f"poke-{ctx.args}", location=here)
    ctx.move(thing, ctx.caller, announce=False)
    ctx.world.meta["pokes"] = ctx.world.meta.get("pokes", 0) + 1
    ctx.reply("poked")


@command("half", perm="builder")
def half(ctx):
    """Change things, then fail."""
    ctx.here.desc = "half"
    ctx.world.create(Kind.ROOM, "Half Room", area="Halves")
    ctx.world.rename_area("Millbrook", "Elsewhere") if "Millbrook" in ctx.world.areas else None
    raise RuntimeError("midway")


@command("slow", perm="builder")
def slow(ctx):
    """Change things, then run past the time budget."""
    ctx.here.desc = "slow"
    while True:
        pass


class WorldMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="sandbox-stateful-"))
        shutil.copytree(REPO / "commands", self.dir / "commands")
        self.h = Harness(self.dir, in_memory=False, budget=0.2)
        table = self.h.engine.table
        self.h.engine.swap_table(CommandTable([*table.all_commands(), poke, half, slow], table.behaviours.values()))
        self.builder = self.h.login("Bea", "builder")
        self.other = self.h.login("Carl", "builder")
        self.journal = self.h.game.store._journal
        self.real_append = self.journal.append
        self.h.engine.flush()

    def teardown(self) -> None:
        self.journal.append = self.real_append
        self.h.game.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, who, line: str) -> str:
        before = world_state(self.h.world)
        out = self.h.call(who, line)
        if "could not save that" in out or "nothing it did was kept" in out.lower() or "Nothing it did was kept" in out:
            assert world_state(self.h.world) == before, f"{line!r} failed but changed the world"
        return out

    @rule(name=NAMES, text=TEXT, verb=st.sampled_from(["dig", "desc here =", "create", "destroy", "name here =", "tag here =", "set here/k =", "tunnel n =", "tel", "area/rename Millbrook ="]))
    def build(self, name, text, verb):
        line = f"{verb} {name}" if verb in ("dig", "create", "destroy", "tel") else f"{verb} {name}{text}" if "=" in verb else f"{verb} {name}"
        self._run(self.builder, line)

    @rule(where=st.sampled_from(["north", "south", "east", "west", "up", "down"]))
    def walk(self, where):
        self._run(self.builder, where)

    @rule(line=st.sampled_from(["undo", "redo", "undo 2", "redo 2", "undo/list"]), who=st.booleans())
    def history(self, line, who):
        self._run(self.builder if who else self.other, line)

    @rule(text=st.text(alphabet="xyz", max_size=3))
    def careless_module(self, text):
        self._run(self.builder, f"poke {text}")

    @rule()
    def failing_command(self):
        assert "nothing it did was kept" in self._run(self.builder, "half")

    @precondition(lambda self: not getattr(self, "slow_done", False))
    @rule()
    def overrunning_command(self):
        self.slow_done = True  # once per run: it costs the budget in real time
        assert "ran past its time budget" in self._run(self.builder, "slow")

    @rule(full=st.booleans())
    def disk(self, full):
        def refuse(payload: bytes) -> None:
            raise CommitFailed("No space left on device", self.journal.path) from OSError(errno.ENOSPC, "full")

        self.full = full
        self.journal.append = refuse if full else self.real_append

    @rule(seconds=st.sampled_from([5.0, 20.0, 60.0]))
    def time_passes(self, seconds):
        before = world_state(self.h.world)
        self.h.wait(seconds)  # the cat wanders (or, with a full disk, tries to)
        if getattr(self, "full", False):
            assert world_state(self.h.world) == before

    @invariant()
    def memory_equals_disk(self):
        on_disk = world_state(WorldStore(self.dir / "world", writable=False).load())
        in_memory = world_state(self.h.world)
        for part in in_memory:
            if isinstance(in_memory[part], dict):
                differ = {k: (in_memory[part].get(k), on_disk[part].get(k)) for k in in_memory[part].keys() | on_disk[part].keys() if in_memory[part].get(k) != on_disk[part].get(k)}
                assert not differ, f"{part} differ (memory, disk): {differ}"
        assert on_disk == in_memory


WorldMachine.TestCase.settings = settings(
    max_examples=12, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
)
TestWorldMachine = WorldMachine.TestCase
