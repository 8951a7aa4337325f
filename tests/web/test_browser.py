"""The web client in a real headless Chromium (Debian's), driven over DevTools.

Screenshots (desktop and phone width) are written under the test's tmp directory.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.cdp import Chromium, Page, chromium_available
from tests.net.conftest import login as telnet_login
from tests.web.conftest import Site

pytestmark = pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium (.ci/run installs it)")

ROOM = "document.getElementById('room-name').textContent"
EXITS = "document.getElementById('room-exits').textContent"
SCROLL = "document.getElementById('scrollback').textContent"


async def enter(page: Page, text: str) -> None:
    await page.evaluate("document.getElementById('input').focus()")
    await page.type(text)
    await page.press("Enter")


async def create_account(page: Page, origin: str, name: str, password: str = "secret1") -> None:
    await page.goto(origin + "/")
    await page.wait_for("document.getElementById('prompt').textContent === 'Name:'")
    await enter(page, name)
    await page.wait_for("document.getElementById('input').type === 'password'")
    await enter(page, password)
    await page.wait_for(f"{SCROLL}.includes('Repeat the password')")
    await enter(page, password)
    await page.wait_for(f"{ROOM} === 'Village Green'")


async def test_create_walk_pull_the_lever_click_a_link_at_desktop_and_phone_width(site: Site, tmp_path: Path) -> None:
    async with Chromium.launch(tmp_path) as browser:
        page = await browser.new_page()
        await page.prefer(prefers_color_scheme="dark")
        await page.viewport(1280, 800)
        await create_account(page, site.origin, "Alice")
        assert "Welcome, Alice!" in await page.evaluate(SCROLL)
        # First paint of the room after the login was accepted (Performance API marks in app.js).
        painted = await page.wait_for(
            "(() => { const a = performance.getEntriesByName('login-accepted')[0],"
            " b = performance.getEntriesByName('room-painted')[0]; return a && b ? b.startTime - a.startTime + 1e-9 : 0; })()"
        )
        (tmp_path / "first-paint-ms.txt").write_text(f"{painted:.1f}\n")
        assert painted <= 300, f"room painted {painted:.0f} ms after the login was accepted"

        await enter(page, "north")
        await page.wait_for(f"{ROOM} === 'Old Mill Lane'")
        assert "north (locked)" in await page.evaluate(EXITS)
        for line in ("south", "west", "pull lever"):
            await enter(page, line)
        await page.wait_for(f"{SCROLL}.includes('a gate grinds open')")
        await enter(page, "east")
        await page.wait_for(f"{ROOM} === 'Village Green'")
        # A link in the output sends its command: the room's "north" exit.
        await page.click("#scrollback .msg.k-room a[data-send='north']", last=True)
        await page.wait_for(f"{ROOM} === 'Old Mill Lane'")
        assert "north (open)" in await page.evaluate(EXITS)
        # And one in the room panel.
        await page.click("#room-exits a[data-send='north']")
        await page.wait_for(f"{ROOM} === 'Old Mill'")
        # The who list follows the player's own moves (the first account is the admin: places shown).
        await page.wait_for("document.querySelector('#who-list li').textContent.endsWith('· web · Old Mill')")
        # The live map has placed every room visited, the current one filled.
        assert await page.evaluate("document.querySelectorAll('#map rect').length") == 4
        assert await page.evaluate("document.querySelector('#map rect.here title').textContent") == "Old Mill"
        await page.screenshot(tmp_path / "desktop.png")

        await page.viewport(390, 844, mobile=True)
        await page.wait_for("document.documentElement.clientWidth === 390")
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
        box = await page.evaluate("(() => { const r = document.getElementById('input').getBoundingClientRect(); return [r.bottom, r.width]; })()")
        assert box[0] <= 844 and box[1] > 150  # the command line is on screen and usable
        await page.screenshot(tmp_path / "phone.png")
        assert (tmp_path / "desktop.png").stat().st_size > 1000 and (tmp_path / "phone.png").stat().st_size > 1000
        assert page.problems() == []


async def test_keyboard_only_history_completion_and_theme(site: Site, tmp_path: Path) -> None:
    async with Chromium.launch(tmp_path) as browser:
        page = await browser.new_page()
        await page.prefer(prefers_color_scheme="light", prefers_reduced_motion="reduce")
        await create_account(page, site.origin, "Kay")
        # No saved choice and a light preference: the light theme is picked.
        assert await page.evaluate("document.getElementById('theme').value") == "light"
        await page.wait_for("getComputedStyle(document.body).backgroundColor === 'rgb(251, 250, 246)'")
        assert await page.evaluate("getComputedStyle(document.getElementById('scrollback')).scrollBehavior") == "auto"
        assert await page.evaluate("document.activeElement.id") == "input"
        await page.type("nor")
        await page.press("Tab")
        assert await page.evaluate("document.getElementById('input').value") == "north "
        await page.press("Enter")
        await page.wait_for(f"{ROOM} === 'Old Mill Lane'")
        await enter(page, "look")
        await page.press("ArrowUp")
        assert await page.evaluate("document.getElementById('input').value") == "look"
        await page.press("ArrowUp")
        assert await page.evaluate("document.getElementById('input').value") == "north"
        # The theme switcher swaps one stylesheet.
        await page.evaluate(
            "(() => { const s = document.getElementById('theme'); s.value = 'high-contrast';"
            " s.dispatchEvent(new Event('change')); })()"
        )
        await page.wait_for("document.getElementById('theme-css').href.endsWith('/theme/high-contrast.css')")
        live = await page.evaluate(
            "(() => { const s = document.getElementById('scrollback'); return [s.getAttribute('role'), s.getAttribute('aria-live')]; })()"
        )
        assert live == ["log", "polite"]
        assert page.problems() == []


async def test_a_telnet_players_hostile_say_and_name_arrive_as_text(site: Site, tmp_path: Path) -> None:
    # The first account is the admin: the telnet player may create a hostile-named NPC.
    tom = await telnet_login(site.host, site.telnet_port, "Tom", new=True)
    async with Chromium.launch(tmp_path) as browser:
        page = await browser.new_page()
        await create_account(page, site.origin, "Wendy")
        hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>[link=quit]click[/link]'
        tom.send(f"say {hostile}")
        await page.wait_for(f"{SCROLL}.includes('Tom says')")
        tom.send("create/npc <svg onload=window.__pwned=3>;evil")
        await tom.read_until("Created")
        await enter(page, "look")
        await page.wait_for(f"{SCROLL}.includes('<svg onload=window.__pwned=3>')")
        assert f"Tom says, \"{hostile}\"" in await page.evaluate(SCROLL)  # shown literally
        found = await page.evaluate(
            "[document.querySelectorAll('#scrollback img, #scrollback script, #scrollback svg').length,"
            " document.querySelectorAll('#scrollback a[data-send=\"quit\"]').length, typeof window.__pwned]"
        )
        assert found == [0, 0, "undefined"]
        assert page.problems() == []
    await tom.close()
