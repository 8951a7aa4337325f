"""Headless Chromium driven over the Chrome DevTools Protocol: shared browser helpers.

Debian's ``chromium`` (``.ci/run`` installs it), never a downloaded browser. The
DevTools endpoint is found through the ``DevToolsActivePort`` file Chromium writes
into its profile when started with ``--remote-debugging-port=0``, so tests never race
for a port. One WebSocket per page (the ``websockets`` client), requests matched to
answers by id, events kept for assertions (exceptions, console messages).

    async with Chromium.launch(tmp_path) as browser:
        page = await browser.new_page()
        await page.goto("http://127.0.0.1:8000/")
        await page.wait_for("document.title !== ''")
        await page.screenshot(tmp_path / "desktop.png")
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

CHROMIUM = os.environ.get("SANDBOX_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",  # containers without user namespaces (CI) cannot use Chromium's sandbox
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-port=0",
]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


class CdpError(Exception):
    pass


class Page:
    """One tab. ``evaluate`` runs in the page (DevTools is not subject to its CSP)."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._next = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            waiter = self._waiting.pop(message.get("id", -1), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(message)
            elif "method" in message:
                self.events.append(message)

    async def call(self, method: str, timeout: float = 15.0, **params: Any) -> dict[str, Any]:
        self._next += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next] = future
        await self.ws.send(json.dumps({"id": self._next, "method": method, "params": params}))
        answer = await asyncio.wait_for(future, timeout)
        if "error" in answer:
            raise CdpError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CdpError(f"{expression!r} raised: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        """Poll a condition in the page until it is truthy; its value is returned."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if loop.time() > deadline:
                raise TimeoutError(f"timed out after {timeout}s waiting for {expression}")
            await asyncio.sleep(0.02)

    async def goto(self, url: str) -> None:
        await self.call("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete'")

    async def type(self, text: str) -> None:
        """Text into the focused element, as an input method would."""
        await self.call("Input.insertText", text=text)

    async def press(self, key: str) -> None:
        codes = {"Enter": 13, "Tab": 9, "ArrowUp": 38, "ArrowDown": 40, "Escape": 27}
        base = {"key": key, "code": key, "windowsVirtualKeyCode": codes.get(key, 0)}
        if key == "Enter":
            base["text"] = "\r"
        await self.call("Input.dispatchKeyEvent", type="keyDown", **base)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **base)

    async def click(self, selector: str, *, last: bool = False) -> None:
        """A real mouse click at the centre of the first (or last) element matching selector."""
        box = await self.wait_for(
            f"(() => {{ const all = document.querySelectorAll({json.dumps(selector)});"
            f" const e = all[{'all.length - 1' if last else '0'}]; if (!e) return null;"
            " e.scrollIntoView({block: 'center', behavior: 'instant'}); const r = e.getBoundingClientRect();"
            " return r.width ? {x: r.x + r.width / 2, y: r.y + r.height / 2} : null; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left", clickCount=1)

    async def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        await self.call(
            "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile
        )

    async def prefer(self, **features: str) -> None:
        """Emulate media features: ``prefers_color_scheme="light"``, ``prefers_reduced_motion="reduce"``."""
        await self.call(
            "Emulation.setEmulatedMedia",
            features=[{"name": k.replace("_", "-"), "value": v} for k, v in features.items()],
        )

    async def screenshot(self, path: Path) -> Path:
        data = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def problems(self) -> list[str]:
        """Uncaught exceptions and console errors (a CSP violation is one) seen so far."""
        out = []
        for event in self.events:
            if event["method"] == "Runtime.exceptionThrown":
                out.append(json.dumps(event["params"]["exceptionDetails"])[:500])
            elif event["method"] == "Log.entryAdded" and event["params"]["entry"]["level"] == "error":
                out.append(event["params"]["entry"]["text"])
            elif event["method"] == "Runtime.consoleAPICalled" and event["params"]["type"] == "error":
                out.append(json.dumps(event["params"]["args"])[:500])
        return out

    async def close(self) -> None:
        self._reader.cancel()
        await self.ws.close()


class Chromium:
    def __init__(self, process: subprocess.Popen[bytes], profile: Path, port: int) -> None:
        self.process = process
        self.profile = profile
        self.port = port
        self.pages: list[Page] = []

    @classmethod
    @asynccontextmanager
    async def launch(cls, workdir: Path, timeout: float = 20.0) -> AsyncIterator[Chromium]:
        profile = workdir / "chromium-profile"
        profile.mkdir(parents=True, exist_ok=True)
        log = open(workdir / "chromium.log", "wb")
        process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            port = await _devtools_port(profile, process, timeout)
            browser = cls(process, profile, port)
            try:
                yield browser
            finally:
                for page in browser.pages:
                    await page.close()
        finally:
            process.terminate()
            try:
                await asyncio.to_thread(process.wait, 10)
            except subprocess.TimeoutExpired:
                process.kill()
                await asyncio.to_thread(process.wait)
            log.close()

    async def new_page(self) -> Page:
        def create() -> dict[str, Any]:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
            with urllib.request.urlopen(request, timeout=10) as resp:
                return json.loads(resp.read())

        target = await asyncio.to_thread(create)
        ws = await connect(target["webSocketDebuggerUrl"], max_size=64 * 1024 * 1024)
        page = Page(ws)
        self.pages.append(page)
        for domain in ("Page", "Runtime", "Log"):
            await page.call(f"{domain}.enable")
        return page


async def _devtools_port(profile: Path, process: subprocess.Popen[bytes], timeout: float) -> int:
    """Chromium writes the port it chose to DevToolsActivePort once it listens."""
    marker = profile / "DevToolsActivePort"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if process.poll() is not None:
            raise CdpError(f"chromium exited with {process.returncode} before DevTools was up")
        if marker.exists():
            first = marker.read_text().split("\n", 1)[0].strip()
            if first.isdigit():
                return int(first)
        await asyncio.sleep(0.05)
    raise CdpError(f"chromium did not open DevTools within {timeout}s")
