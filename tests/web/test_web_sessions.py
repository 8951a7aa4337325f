"""Web players in the TUI's Sessions panel (its rows), and kick works for them."""
from __future__ import annotations

import asyncio

from sandbox.tui.widgets.sessions import session_rows
from tests.web.conftest import Browserless, Site


async def test_web_players_are_listed_with_browser_and_address_and_can_be_kicked(site: Site) -> None:
    wendy = await Browserless.open(site)
    await wendy.login("Wendy")
    watcher = await Browserless.open(site)
    await watcher.login("Walt")
    rows = dict(session_rows(site.game.engine))
    (sid,) = [s for s, cells in rows.items() if cells[0] == "Wendy"]
    name, address, client, colour, idle = rows[sid]
    assert (address, client, colour) == ("127.0.0.1", "browser", "truecolor")
    assert site.game.engine.sessions[sid].info.frontend == "web"

    site.game.engine.kick(sid, "You have been disconnected by a builder.")  # what the panel's k does
    await wendy.until_text("You have been disconnected by a builder.")
    await wendy.until(lambda e: e.get("t") == "bye")
    await asyncio.wait_for(wendy.ws.wait_closed(), 5)
    await watcher.until_text("Wendy leaves the world.")
    assert "Wendy" not in [cells[0] for _, cells in session_rows(site.game.engine)]
    await watcher.close()
