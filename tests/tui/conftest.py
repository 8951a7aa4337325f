"""Fixtures for the TUI tests: a fresh game directory per test, copied from one made by
`init_game` (the real starter world, commands and themes) once per session."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.engine.clock import VirtualClock
from sandbox.game import Game, init_game, open_game


@pytest.fixture(scope="session")
def template_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init_game(tmp_path_factory.mktemp("template") / "game")


@pytest.fixture
def game_dir(template_game: Path, tmp_path: Path) -> Path:
    target = tmp_path / "game"
    shutil.copytree(template_game, target, ignore=shutil.ignore_patterns("backups", ".sandbox"))
    return target


@pytest.fixture
def open_test_game(game_dir: Path) -> Callable[[], Game]:
    """Opens the test's game on a virtual clock (NPCs only move when a test says so)."""

    def opener() -> Game:
        return open_game(game_dir, clock=VirtualClock(1000.0), seed=1)

    return opener
