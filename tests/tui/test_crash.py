"""A crash in the TUI keeps the editor's text and the traceback, says where, and exits
with a non-zero status."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.cli import tui as tui_cli
from sandbox.game import Game
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.preview import MarkupPreview

from .test_app import wait_for


class Boom(RuntimeError):
    pass


async def test_a_crash_saves_the_editor_buffer_and_the_traceback(open_test_game: Callable[[], Game], game_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: MarkupPreview) -> None:
        raise Boom("the save handler failed")

    monkeypatch.setattr(MarkupPreview, "action_save", explode)
    app = SandboxApp(open_test_game(), reloader=False)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f6")
            await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "preview-source")
            app.query_one("#preview-source").text = "A [npc]heron[/npc] I typed for ten minutes."  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.crash is not None)
    assert app.return_code == 1
    crash = app.crash
    assert crash is not None and crash.buffer_path is not None
    assert crash.buffer_path.parent == game_dir / ".sandbox"
    assert crash.buffer_path.read_text(encoding="utf-8") == "A [npc]heron[/npc] I typed for ten minutes."
    assert "Boom: the save handler failed" in crash.traceback_path.read_text(encoding="utf-8")
    note = crash.note()
    assert str(crash.traceback_path) in note and str(crash.buffer_path) in note and len(note.splitlines()) <= 5


def test_the_command_exits_non_zero_after_a_crash(game_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`sandbox tui` passes Textual's return code on (it returned 0 after a crash)."""

    def crashed_run(self: SandboxApp) -> None:
        self._return_code = 1  # what Textual's _handle_exception sets

    monkeypatch.setattr(SandboxApp, "run", crashed_run)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    args = argparse.Namespace(game=game_dir, telnet=None, web=None, host="127.0.0.1", name="Builder", theme="default", colour="auto")
    assert tui_cli.run(args) == 1
