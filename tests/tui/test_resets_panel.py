"""The Areas tab shows each area's next reset and what the last pass did."""
from __future__ import annotations

import re
from collections.abc import Callable

from sandbox.game import Game
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.resets import reset_text
from tests.helpers import Harness
from tests.tui.test_app import static_text, wait_for


def test_reset_text_counts_down_and_says_what_the_last_pass_did() -> None:
    h = Harness()
    assert "No area has resets" in reset_text(h.engine).plain
    bea = h.login("Bea", "builder")
    h.call(bea, "area/reset Millbrook = npc in here")
    h.call(bea, "area/reset Millbrook = every 5m")
    assert "Millbrook  1 rule(s), next in 5m" in reset_text(h.engine).plain
    h.wait(60)
    assert "next in 4m" in reset_text(h.engine).plain
    h.wait(240)
    text = reset_text(h.engine).plain
    assert "next in 5m" in text and "last (0s ago): spawned npc (#" in text


async def test_the_areas_tab_shows_resets(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(160, 50)) as pilot:
        for line in ("area/reset Millbrook = npc in here", "area/reset Millbrook = every 10m", "reset"):
            app.query_one("#command").value = line
            await pilot.press("enter")
        await pilot.press("f2")
        # The three lines are turns the front end runs in order: wait for the last one's effect.
        await wait_for(pilot, lambda: re.search(r"last \(\d+s ago\): spawned npc", static_text(app, "#area-resets")) is not None)
        assert re.search(r"next in (10m|9m)", static_text(app, "#area-resets"))  # the pass restarted the timer
