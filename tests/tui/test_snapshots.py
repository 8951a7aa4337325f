"""What the builder sees, at the smallest supported terminal (80x24) and a roomy one
(160x50). Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and
look at the SVGs in __snapshots__ before committing them."""
from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from sandbox.game import Game
from sandbox.tui.app import SandboxApp


def make_app(opener: Callable[[], Game]) -> SandboxApp:
    return SandboxApp(opener(), reloader=False)


async def settle(pilot: Pilot, *keys: str) -> None:
    app = pilot.app
    command = app.query_one("#command")
    command.cursor_blink = False  # a blinking cursor would make snapshots flaky
    assert app.focused is command, "focus must start on the command line"
    for _ in range(100):
        if "Village Green" in "\n".join(app.query_one("#log").plain_lines()):
            break
        await pilot.pause(0.02)
    if keys:
        await pilot.press(*keys)
    await pilot.pause(0.1)


def test_play_80x24(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(open_test_game), terminal_size=(80, 24), run_before=settle)


def test_play_160x50_after_tunnel(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.query_one("#command").value = "tunnel ne = Windy Hilltop"
        await pilot.press("enter")
        await pilot.pause(0.2)

    assert snap_compare(make_app(open_test_game), terminal_size=(160, 50), run_before=run_before)


def test_areas_80x24(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, "f2")

    assert snap_compare(make_app(open_test_game), terminal_size=(80, 24), run_before=run_before)


def test_markup_preview_160x50(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, "f6")
        pilot.app.query_one("#preview-source").cursor_blink = False

    assert snap_compare(make_app(open_test_game), terminal_size=(160, 50), run_before=run_before)


def test_f6_over_unsaved_text_asks_80x24(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, "f3")
        pilot.app.query_one("#preview-source").text = "My draft, typed for ten minutes."
        await pilot.press("f1", "f6")
        for _ in range(100):
            if type(pilot.app.screen).__name__ == "Confirm":
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)

    assert snap_compare(make_app(open_test_game), terminal_size=(80, 24), run_before=run_before)


def test_areas_160x50_with_map_legend(snap_compare, open_test_game) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, "f2")
        await pilot.pause(0.2)

    assert snap_compare(make_app(open_test_game), terminal_size=(160, 50), run_before=run_before)
