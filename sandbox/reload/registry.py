"""The command registry: one ModuleLoad per command file, and the only owner of them.

A reload loads the changed files into fresh modules, builds a new CommandTable beside
the old one and hands it back only if every changed file loaded. On any failure nothing
is applied: the files of that batch stay *dirty* and are retried with the next change,
so fixing the broken file applies the whole batch at once. Nothing here touches the
engine; the Reloader decides when to swap.
"""
from __future__ import annotations

import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sandbox.engine.commands import DEFAULT_CMDSET, Behaviour, Command, CommandTable
from sandbox.engine.locks import LockFunc
from sandbox.reload.loader import (
    ModuleLoad,
    build_table,
    command_files,
    is_command_file,
    load_module,
    source_digest,
)
from sandbox.reload.report import ReloadReport


def command_name(cmd: Command) -> str:
    return cmd.key if cmd.cmdset == DEFAULT_CMDSET else f"{cmd.cmdset}:{cmd.key}"


def _code_shape(code: Any) -> Any:
    """What a function does, without where it sits: moving a function down a few lines
    (an edit above it) must not report it as changed."""
    if not isinstance(code, types.CodeType):
        return code
    consts = tuple(_code_shape(c) for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars)


def fingerprint(item: Command | Behaviour | LockFunc) -> Any:
    code = getattr(item.func, "__code__", None)
    if isinstance(item, (Behaviour, LockFunc)):
        return (item.name, _code_shape(code))
    return (item.key, item.aliases, item.perm, item.help, item.cmdset, item.category, item.lock, _code_shape(code))


def _inventory(loads: Iterable[ModuleLoad]) -> dict[str, Any]:
    """Every command and behaviour the loads provide, by display name → fingerprint.
    Sorted by file name like build_table, so the first claim of a name wins here too."""
    out: dict[str, Any] = {}
    for load in sorted(loads, key=lambda l: l.path.name):
        for cmd in load.commands:
            out.setdefault(command_name(cmd), fingerprint(cmd))
        for beh in load.behaviours:
            out.setdefault(f"behaviour:{beh.name}", fingerprint(beh))
        for lf in load.lockfuncs:
            out.setdefault(f"lockfunc:{lf.name}", fingerprint(lf))
    return out


class CommandRegistry:
    """Holds the loaded modules of one commands directory."""

    def __init__(self, directory: Path, loads: Iterable[ModuleLoad] = ()) -> None:
        self.directory = Path(directory).resolve()
        self._loads: dict[Path, ModuleLoad] = {}
        #: Files that failed in their latest load (their error is reported again on retry).
        self.broken: dict[Path, ModuleLoad] = {}
        #: Files whose disk version is not in the served table (a batch that failed).
        self._dirty: set[Path] = set()
        for load in loads:
            path = Path(load.path).resolve()
            if load.ok:
                self._loads[path] = load
            else:  # not dirty: the served table never had it, so it blocks no other edit
                self.broken[path] = load
        #: How many files were compiled; tests use it to count reloads per burst.
        self.compiles = 0

    @property
    def loads(self) -> list[ModuleLoad]:
        """The applied loads followed by the failing ones (for ``Game.loads``)."""
        return [*self._loads.values(), *self.broken.values()]

    def reload(self, paths: Iterable[Path] | None = None, *, trigger: str = "watch") -> tuple[CommandTable | None, ReloadReport | None]:
        """Reload ``paths`` (None: every file, forced). Returns the new table, or None
        if nothing must be swapped, and a report, or None if no file really changed."""
        started = time.perf_counter()
        force = paths is None
        if paths is None:
            batch = set(command_files(self.directory)) | set(self._loads) | set(self.broken)
        else:
            batch = {Path(p).resolve() for p in paths} | self._dirty
        batch = {p for p in batch if p.parent == self.directory}
        new_loads = dict(self._loads)
        touched: list[Path] = []
        attempted: dict[Path, ModuleLoad] = {}
        for path in sorted(batch):
            if not is_command_file(path):
                if path in new_loads or path in self.broken:
                    new_loads.pop(path, None)
                    touched.append(path)
                continue
            current = self._loads.get(path)
            if not force and current is not None and path not in self._dirty and _unchanged(path, current):
                continue  # a touch or a save without edits: keep the loaded module
            load = load_module(path)
            self.compiles += 1
            attempted[path] = load
            touched.append(path)
            if load.ok:
                new_loads[path] = load
        failed = [load for load in attempted.values() if not load.ok]
        if not touched:
            return None, None
        # Broken files this batch did not look at stay broken (and reported by `reload`).
        still_broken = {p: l for p, l in self.broken.items() if p not in batch and is_command_file(p)}
        if failed:
            self._dirty |= set(touched)
            self.broken = {**still_broken, **{Path(l.path).resolve(): l for l in failed}}
            errors = tuple(l.error for l in failed if l.error is not None)
            report = ReloadReport(trigger, tuple(touched), errors=errors, swapped=False, seconds=time.perf_counter() - started)
            return None, report
        before, after = _inventory(self._loads.values()), _inventory(new_loads.values())
        self._loads = new_loads
        self._dirty.clear()
        self.broken = still_broken
        table = build_table(new_loads.values())
        report = ReloadReport(
            trigger,
            tuple(touched),
            added=tuple(sorted(set(after) - set(before))),
            changed=tuple(sorted(k for k in set(after) & set(before) if after[k] != before[k])),
            removed=tuple(sorted(set(before) - set(after))),
            swapped=True,
            seconds=time.perf_counter() - started,
        )
        return table, report


def _unchanged(path: Path, load: ModuleLoad) -> bool:
    try:
        return bool(load.digest) and source_digest(path.read_bytes()) == load.digest
    except OSError:
        return False
