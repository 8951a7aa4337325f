"""The browser front end over real sockets: HTTP, Origin, login, play, limits."""
from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from sandbox.net.throttle import LoginThrottle
from sandbox.web.page import CSP
from tests.net.conftest import login as telnet_login
from tests.web.conftest import Browserless, Site, _text


def _get(site: Site, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(f"{site.origin}{path}", timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


async def test_the_page_its_assets_and_themes_are_served_with_a_strict_policy(site: Site) -> None:
    status, headers, body = await asyncio.to_thread(_get, site, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-eval" not in CSP and "'unsafe-inline'" not in CSP.split("style-src-attr")[0]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in body and b"onclick" not in body  # no inline script or handler
    assert b'role="log"' in body and b'aria-live="polite"' in body and b"width=device-width" in body
    total = len(body)
    for path in ("/app.js", "/app.css", "/theme/default.css"):
        status, headers, asset = await asyncio.to_thread(_get, site, path)
        assert status == 200 and "Content-Security-Policy" in headers
        total += len(asset)
    assert total <= 100 * 1024, f"page weight {total} bytes"
    assert (await asyncio.to_thread(_get, site, "/theme/high-contrast.css"))[0] == 200
    for missing in ("/theme/../../etc/passwd.css", "/nothing", "/static/app.js"):
        assert (await asyncio.to_thread(_get, site, missing))[0] == 404


async def test_another_sites_page_cannot_open_a_session(site: Site) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"ws://{site.host}:{site.port}/ws", origin="http://evil.example")  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403
    same = await Browserless.open(site)
    await same.until(lambda e: e.get("t") == "ask")
    bare = await Browserless.open(site, origin=None)  # a bot or the benchmark: no Origin at all
    await bare.until(lambda e: e.get("t") == "ask")
    await same.close()
    await bare.close()


async def test_create_log_in_wrong_password_and_play(site: Site) -> None:
    alice = await Browserless.open(site)
    await alice.login("Alice")
    room = [e for e in alice.events if e.get("t") == "oob"][-1]["d"]
    assert room["name"] == "Village Green" and "north" in room["exits"]
    await alice.close()
    again = await Browserless.open(site)
    await again.until(lambda e: e.get("t") == "ask")
    again.line("alice")
    await again.until(lambda e: e.get("t") == "ask" and e["text"] == "Password: " and e["secret"])
    again.line("not it")
    await again.until_text("Wrong password.")
    await again.until(lambda e: e.get("t") == "ask" and e["text"] == "Password: ")
    again.line("secret1")
    await again.until(lambda e: e.get("t") == "state" and e["name"] == "Alice")
    await again.until(lambda e: e.get("t") == "oob" and e["p"] == "Room.Info")  # the login's room
    again.line("west")
    info = await again.until(lambda e: e.get("t") == "oob" and e["p"] == "Room.Info")
    assert info["d"]["name"] == "Riverbank"
    await again.close()


async def test_web_and_telnet_players_hear_each_other_and_who_lists_both(site: Site) -> None:
    web = await Browserless.open(site)
    await web.login("Wendy")
    tel = await telnet_login(site.host, site.telnet_port, "Tom", new=True)
    tel.send("say hello from telnet")
    said = await web.until_text('Tom says, "hello from telnet"')
    assert said["k"] == "say" and 'class="mk-say"' in said["h"]
    web.line("ooc hi from the browser")
    await tel.read_until("[ooc] Wendy: hi from the browser")
    await web.ws.send(json.dumps({"t": "who"}))
    who = await web.until(lambda e: e.get("t") == "oob" and e["p"] == "Sandbox.Who")
    assert {(p["name"], p["via"]) for p in who["d"]} == {("Wendy", "web"), ("Tom", "telnet")}
    # The panel's refresh is not scrollback: no "Online (2)" text for it.
    await web.ws.send(json.dumps({"t": "line", "text": "look"}))
    await web.until(lambda e: e.get("t") == "out" and e["k"] == "room")
    assert not any(e.get("t") == "out" and "Online (2)" in _text(e["h"]) for e in web.events)
    await tel.close()
    await web.close()


async def test_the_lever_opens_the_gate_in_the_room_data(site: Site) -> None:
    web = await Browserless.open(site)
    await web.login("Gil")
    for step in ("north",):
        web.line(step)
    lane = await web.until(lambda e: e.get("t") == "oob" and e["p"] == "Room.Info")
    assert lane["d"]["name"] == "Old Mill Lane" and lane["d"]["locked"] == ["north"]
    for step in ("south", "west", "pull lever", "east", "north"):
        web.line(step)
    await web.until_text("a gate grinds open")
    lane = await web.until(lambda e: e.get("t") == "oob" and e["d"].get("name") == "Old Mill Lane")
    assert "locked" not in lane["d"]
    await web.close()


async def test_rate_and_size_limits_as_on_telnet(site: Site) -> None:
    web = await Browserless.open(site)
    await web.login("Rita")
    for _ in range(60):  # the burst is 40
        await web.ws.send(json.dumps({"t": "line", "text": "look"}))
    await web.until_text("You are sending commands too fast; some were ignored.")
    await web.ws.send(json.dumps({"t": "line", "text": "x" * 5000}))
    await web.until_text("That line was longer than 4096 characters and was cut.")
    with pytest.raises(ConnectionClosed):
        await web.ws.send("y" * 100_000)  # a frame far past the limit closes the socket
        await asyncio.wait_for(web.ws.recv(), 5)
        await asyncio.wait_for(web.ws.recv(), 5)
    assert web.ws.close_code == 1009


async def test_connection_ids_are_unguessable_and_quit_closes(site: Site) -> None:
    a = await Browserless.open(site)
    await a.login("Ann")
    b = await Browserless.open(site)
    await b.login("Ben")
    ids = sorted(c.conn_id for c in site.web.players)
    assert len(ids) == 2 and ids[0] != ids[1] and all(len(i) >= 22 for i in ids)
    a.line("quit")
    await a.until(lambda e: e.get("t") == "bye")
    await asyncio.wait_for(a.ws.wait_closed(), 5)
    await b.until_text("Ann leaves the world.")
    await b.close()


@pytest.mark.parametrize("site", [{"login_throttle": LoginThrottle(base=0.6, cap=1.0)}], indirect=True)
async def test_wrong_passwords_are_throttled_as_on_telnet(site: Site) -> None:
    first = await Browserless.open(site)
    await first.login("Vera")
    await first.close()
    guesser = await Browserless.open(site)
    await guesser.until(lambda e: e.get("t") == "ask")
    guesser.line("Vera")
    await guesser.until(lambda e: e.get("t") == "ask" and e["text"] == "Password: ")
    guesser.line("wrong")
    await guesser.until_text("Wrong password.")
    started = asyncio.get_running_loop().time()
    await guesser.until(lambda e: e.get("t") == "ask" and e["text"] == "Password: ")
    assert asyncio.get_running_loop().time() - started >= 0.5  # the next try had to wait
    await guesser.close()


async def test_binary_frames_are_refused(site: Site) -> None:
    web = await Browserless.open(site)
    await web.login("Bo")
    await web.ws.send(b"\x00\x01binary")
    with pytest.raises(ConnectionClosed):
        while True:
            await asyncio.wait_for(web.ws.recv(), 5)
    assert web.ws.close_code == 1003
