"""render() as a whole: golden output for sample messages in every medium, caching.

Goldens live in golden/samples.json. After a deliberate change, regenerate them with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/markup/test_render.py`` and review
the diff: the point of a golden is that a person has read it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sandbox.markup import DEFAULT_THEME, MEDIA, clear_caches, plain, render, render_rich
from sandbox.markup.render import _render

GOLDEN = Path(__file__).parent / "golden" / "samples.json"

SAMPLES: dict[str, str] = {
    "room": "[title]The Old Mill[/title]\nFlour dust hangs in the air. [npc]The miller[/npc] watches you.",
    "exits": "Exits: [exit]north[/exit], [link=go east][exit]east[/exit][/link] and [link=go up]up[/link].",
    "say": '[player]Ann[/player] says, [say]"Meet me at the [[mill]."[/say]',
    "emote": "[emote][player]Bo[/player] bows <deeply> & smiles.[/emote]",
    "channel": "[channel][[ooc][/channel] [player]Cy[/player]: [bold]hi[/bold] [italic]all[/italic]",
    "colours": "[bold #e0c060 on #102030]gold[/] [color(208)]orange[/] [bright_magenta]pink[/] [red on blue]rb[/]",
    "errors": "[error]No such exit: [/error][warning]try [command]look[/command][/warning] [success]ok[/success]",
    "malformed": "[blod]x[/y] [room]unclosed [#12345]bad[/room] tail",
}
MEDIA_WITH_MXP = (*MEDIA, "ansi256+mxp")


def render_all(markup: str) -> dict[str, str]:
    out = {medium: render(markup, medium, DEFAULT_THEME) for medium in MEDIA}
    out["ansi256+mxp"] = render(markup, "ansi256", DEFAULT_THEME, mxp=True)
    return out


def current() -> dict[str, dict[str, str]]:
    return {name: {"markup": markup, **render_all(markup)} for name, markup in SAMPLES.items()}


if os.environ.get("UPDATE_GOLDEN"):
    GOLDEN.write_text(json.dumps(current(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

GOLDENS: dict[str, dict[str, str]] = json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("medium", MEDIA_WITH_MXP)
def test_golden(name: str, medium: str) -> None:
    assert GOLDENS[name]["markup"] == SAMPLES[name]
    assert render_all(SAMPLES[name])[medium] == GOLDENS[name][medium]


def test_goldens_cover_every_sample() -> None:
    assert sorted(GOLDENS) == sorted(SAMPLES)


def test_golden_facts_a_reader_can_check() -> None:
    # A few properties of the goldens stated outright, so a bad regeneration shows up.
    assert GOLDENS["say"]["plain"] == 'Ann says, "Meet me at the [mill]."'
    assert GOLDENS["emote"]["html"] == (
        '<span class="mk-emote"><span class="mk-player">Bo</span> bows &lt;deeply&gt; &amp; smiles.</span>'
    )
    assert GOLDENS["malformed"]["plain"] == "[blod]x[/y] unclosed [#12345]bad tail"
    assert GOLDENS["room"]["ansi16"].endswith("watches you.")  # reset came before
    assert "\x1b" not in GOLDENS["exits"]["plain"]


def test_rich_matches_the_plain_text_of_every_sample() -> None:
    for markup in SAMPLES.values():
        assert render_rich(markup).plain == plain(markup)


def test_unknown_medium_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown medium 'ansi'"):
        render("x", "ansi")


def test_never_raises_on_malformed_markup() -> None:
    for markup in ["[", "]", "[/", "[[[", "[link=", "[/]]", "[on]", "[#]", "[color(]", "[\n]", "\x00[\x1b]"]:
        for medium in MEDIA:
            render(markup, medium)
        render_rich(markup)


def test_repeated_messages_render_once_per_capability() -> None:
    clear_caches()
    markup = "[player]Ann[/player] says hi"
    for _ in range(100):
        render(markup, "ansi16")
        render(markup, "truecolor")
    info = _render.cache_info()
    assert (info.misses, info.hits) == (2, 198)


def test_html_and_plain_ignore_theme_and_mxp_in_their_cache_key() -> None:
    clear_caches()
    other = DEFAULT_THEME.from_strings("other", {"room": "red"})
    render("x", "html", DEFAULT_THEME)
    render("x", "html", other)
    render("x", "plain", other, mxp=True)
    render("x", "plain")
    assert _render.cache_info().misses == 2
