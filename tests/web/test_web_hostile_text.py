"""Player text can never become HTML, script or a link: a property test through the
whole path (browser protocol → gateway → engine → command → markup → HTML → socket)."""
from __future__ import annotations

import asyncio
import html
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sandbox.engine.text import clean_line
from tests.web.conftest import Browserless, Site

#: Characters that matter to HTML, markup and links, plus letters and controls.
PIECES = list("<>&\"'[]/=\\ab :;#!") + ["\x1b", "\u202e", "\x00", "script", "link=look", "img src=x onerror=alert(1)", "&lt;"]
HOSTILE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(fragment: str) -> tuple[list[tuple[str, tuple[tuple[str, str | None], ...]]], str]:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser.tags, "".join(parser.text)


@pytest.mark.parametrize("site", [{"commands_per_second": 0}], indirect=True)
async def test_hostile_says_and_channel_lines_arrive_as_text(site: Site) -> None:
    loop = asyncio.get_running_loop()
    alice = await Browserless.open(site)
    await alice.login("Alice")
    bob = await Browserless.open(site)
    await bob.login("Bob")

    async def one(text: str) -> None:
        said = clean_line(text)
        alice.line(f"say {text}")
        heard = await bob.until(lambda e: e.get("t") == "out" and e["k"] == "say")
        tags, shown = elements(heard["h"])
        assert tags == [("span", (("class", "mk-player"),)), ("span", (("class", "mk-say"),))], heard["h"]
        assert shown == f'Alice says, "{said}"'
        alice.line(f"ooc {text}")
        line = await bob.until(lambda e: e.get("t") == "out" and e["k"] == "channel")
        tags, shown = elements(line["h"])
        assert [t for t, _ in tags] == ["span", "span"] and all(a[0][0] == "class" for _, a in tags), line["h"]
        assert shown == f"[ooc] Alice: {said}"

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(text=HOSTILE)
    def check(text: str) -> None:
        assume(clean_line(text))
        asyncio.run_coroutine_threadsafe(one(text), loop).result(10)

    await asyncio.to_thread(check)
    await alice.close()
    await bob.close()


def test_the_parser_sees_what_a_browser_would() -> None:
    tags, text = elements('<span class="mk-say">&lt;b&gt;</span><a href="#" data-send="x">y</a>')
    assert tags == [("span", (("class", "mk-say"),)), ("a", (("href", "#"), ("data-send", "x")))]
    assert text == "<b>y" and html.escape("<b>") == "&lt;b&gt;"
