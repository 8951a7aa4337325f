"""`sandbox --web PORT`: the browser client on the TUI's own event loop, beside the builder."""
from __future__ import annotations

from pathlib import Path

from sandbox.engine.clock import VirtualClock
from sandbox.game import open_game
from sandbox.tui.app import SandboxApp
from sandbox.web.listener import Listeners, WebListener
from tests.tui.test_app import output_text
from tests.web.conftest import Browserless, fresh_game_dir


async def test_a_browser_player_and_the_builder_share_the_tuis_world(tmp_path: Path) -> None:
    game = open_game(fresh_game_dir(tmp_path), clock=VirtualClock(1000.0), seed=1)
    web = WebListener("127.0.0.1", 0)
    app = SandboxApp(game, reloader=False, telnet=Listeners(web))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(300):  # the listener starts in a worker on the app's loop
            if web.address is not None:
                break
            await pilot.pause(0.01)
        assert web.address is not None and web.error is None
        base = web.address.rstrip("/")
        client = await Browserless.open_url(base, base)
        await client.login("Wendy")
        app.frontend.send("say hello, browser")  # the builder types in the TUI
        await client.until_text('says, "hello, browser"')
        client.line("say hello, builder")
        await client.until_text('You say, "hello, builder"')
        await until_shown(pilot, app, 'Wendy says, "hello, builder"')
        await client.close()
        # Let the TUI show the last news before it exits (its output pane goes first).
        await until_shown(pilot, app, "Wendy has lost the connection.")


async def until_shown(pilot: object, app: SandboxApp, text: str) -> None:
    for _ in range(500):
        if text in output_text(app):
            return
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    raise AssertionError(f"the TUI never showed {text!r}")
