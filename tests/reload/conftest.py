"""A real game directory in a temp folder, a running Reloader, and the three ways
editors save a file, done with the same system calls the editors make."""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sandbox.reload import Reloader
from sandbox.reload.report import ReloadReport, ThemeReport
from tests.helpers import REPO, Harness

# -- save styles ------------------------------------------------------------------------


def _nothing() -> None:
    pass


# ``tick`` runs between the system calls of a save: a test passes a front end's timer
# (sleep, then apply_pending) to prove a save caught half-way is not applied half-way.


def save_in_place(path: Path, text: str, tick: Callable[[], None] = _nothing) -> None:
    with open(path, "w", encoding="utf-8") as f:  # open(O_TRUNC), write, close
        tick()
        f.write(text)
        f.flush()
        tick()


def save_by_rename(path: Path, text: str, tick: Callable[[], None] = _nothing) -> None:
    """Most editors: write a temp file beside the target, then rename it over."""
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
    tick()
    os.replace(temp, path)


def save_vim_style(path: Path, text: str, tick: Callable[[], None] = _nothing) -> None:
    """vim with writebackup: probe file 4913, rename the original to a backup, write a
    new file, fsync, restore the mode, delete the backup."""
    probe = path.with_name("4913")
    os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    os.unlink(probe)
    backup = path.with_name(path.name + "~")
    mode = path.stat().st_mode & 0o777
    os.rename(path, backup)
    tick()  # the moment the file does not exist
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    tick()  # the moment the file is empty
    os.write(fd, text.encode("utf-8"))
    os.fsync(fd)
    os.close(fd)
    os.chmod(path, mode)
    os.unlink(backup)


SAVE_STYLES: dict[str, Callable[..., None]] = {
    "in-place": save_in_place,
    "rename": save_by_rename,
    "vim": save_vim_style,
}


# -- a live game ------------------------------------------------------------------------


@dataclass
class Live:
    h: Harness
    reloader: Reloader
    reports: list[ReloadReport] = field(default_factory=list)
    theme_reports: list[ThemeReport] = field(default_factory=list)

    @property
    def commands(self) -> Path:
        return self.h.game.directory / "commands"

    @property
    def themes(self) -> Path:
        return self.h.game.directory / "themes"

    def wait_for_report(self, timeout: float = 3.0) -> ReloadReport:
        """Poll as a front end's timer would until a command reload happened."""
        seen = len(self.reports)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.reloader.apply_pending()
            if len(self.reports) > seen:
                return self.reports[-1]
            time.sleep(0.005)
        raise AssertionError("no reload happened")

    def wait_for_theme(self, timeout: float = 3.0) -> ThemeReport:
        seen = len(self.theme_reports)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.reloader.apply_pending()
            if len(self.theme_reports) > seen:
                return self.theme_reports[-1]
            time.sleep(0.005)
        raise AssertionError("no theme reload happened")

    def wait_until_due(self, timeout: float = 5.0) -> None:
        """Wait, applying nothing, until the watcher holds a change whose burst is over."""
        deadline = time.monotonic() + timeout
        while self.reloader.seconds_until_due() != 0:
            assert time.monotonic() < deadline, "the watcher never saw the change"
            time.sleep(0.005)

    def assert_watching(self) -> None:
        """Positive control for "nothing reloaded" tests: a real edit does reload now."""
        seen = len(self.reports)
        path = self.commands / "who.py"
        save_in_place(path, path.read_text() + "\n# touched by the test\n")
        report = self.wait_for_report()  # raises if the watcher is dead
        assert report.swapped and len(self.reports) == seen + 1

    def quiet_period(self) -> None:
        """Long enough for any straggling event of a burst to have become due."""
        deadline = time.monotonic() + self.reloader.debounce * 3
        while time.monotonic() < deadline:
            self.reloader.apply_pending()
            time.sleep(0.01)


def copy_game(target: Path) -> Path:
    for name in ("commands", "themes", "prototypes"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


@pytest.fixture
def game_dir(tmp_path: Path) -> Path:
    return copy_game(tmp_path / "game")


@pytest.fixture
def live(game_dir: Path) -> Iterator[Live]:
    h = Harness(game_dir, in_memory=False)  # real tinydb files in the temp game
    reloader = Reloader(h.game)
    state = Live(h, reloader)
    reloader.listeners.append(state.reports.append)
    reloader.theme_listeners.append(state.theme_reports.append)
    reloader.start()
    yield state
    reloader.stop()
