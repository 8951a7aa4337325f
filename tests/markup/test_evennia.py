"""Markup -> Evennia |-codes (sandbox.markup.evennia) and back (sandbox.evennia.codes).

Evennia's own parser checks the same texts in tests/evennia/test_handoff.py; these
tests pin the codes we write and the escaping rules without Evennia installed.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.evennia.codes import to_markup
from sandbox.markup import Theme, escape, plain
from sandbox.markup.evennia import colour_code, render_evennia
from sandbox.markup.style import parse_style


def ev(markup: str, theme: Theme | None = None) -> str:
    return render_evennia(markup, theme).text


@pytest.mark.parametrize(("markup", "expected"), [
    ("[red]x[/red]", "|Rx|n"),  # normal colours are Evennia's upper case
    ("[bright_red]x[/]", "|rx|n"),  # bright ones its lower case (hilite)
    ("[black]x[/] [bright_black]y[/]", "|Xx|n |xy|n"),
    ("[white]x[/] [bright_white]y[/]", "|Wx|n |wy|n"),
    ("[color(196)]x[/]", "|500x|n"),  # xterm cube: |rgb with 0-5 digits
    ("[color(16)]x[/] [color(231)]y[/]", "|000x|n |555y|n"),
    ("[color(232)]x[/] [color(255)]y[/]", "|=bx|n |=yy|n"),  # the greyscale ramp: |=b .. |=y
    ("[color(9)]x[/]", "|rx|n"),  # indexes 0-15 are the named colours
    ("[#e0c060]x[/]", "|#e0c060x|n"),  # truecolor: Evennia falls back to xterm itself
    ("[on blue]x[/]", "|[Bx|n"),
    ("[on bright_blue]x[/]", "|[005x|n"),  # no bright ANSI backgrounds: Evennia's own xterm stand-in
    ("[on color(100)]x[/] [on #102030]y[/]", "|[220x|n |[#102030y|n"),
    ("[on color(240)]x[/]", "|[=jx|n"),
])  # fmt: skip
def test_colours_become_evennia_codes(markup: str, expected: str) -> None:
    assert ev(markup) == expected


def test_attributes_follow_colours_so_dark_colours_keep_bold() -> None:
    # |R turns hilite off in Evennia: bold must be written after the colour.
    assert ev("[bold red]x[/]") == "|R|hx|n"
    assert ev("[underline]u[/] [reverse]r[/] [italic]i[/] [strike]s[/]") == "|uu|n |*r|n |ii|n |ss|n"


def test_style_changes_reset_then_set_and_text_ends_reset() -> None:
    assert ev("a[bold]b[red]c[/red]d[/bold]e") == "a|hb|n|R|hc|n|hd|ne"
    assert ev("plain text") == "plain text"


def test_semantic_tags_resolve_through_the_chosen_theme() -> None:
    theme = Theme.from_strings("t", {"room": "bold #e0c060", "exit": "cyan"})
    assert ev("[room]Hall[/room] [exit]north[/exit]", theme) == "|#e0c060|hHall|n |Cnorth|n"
    other = Theme.from_strings("o", {"room": "underline green"})
    assert ev("[room]Hall[/room]", other) == "|G|uHall|n"


def test_links_become_evennia_command_links() -> None:
    assert ev("Try [link=pull lever]pulling[/link] it.") == "Try |lcpull lever|ltpulling|le it."
    assert ev("[link=look][bold]look[/bold][/link]") == "|lclook|lt|hlook|le|n"
    # Two adjacent links to one command stay two links.
    assert ev("[link=x]a[/link][link=x]b[/link]") == "|lcx|lta|le|lcx|ltb|le"


def test_literal_bars_and_braces_are_escaped() -> None:
    assert ev("a|b") == "a||b"
    assert ev("|r is not red") == "||r is not red"
    assert ev("{{x}}") == "{{{{x}}"  # Evennia reads {{ as {
    assert ev("{x}") == "{x}"  # a single brace means nothing to Evennia
    assert ev("[red]|[/red]") == "|R|||n"


def test_dim_has_no_evennia_code_and_is_reported_with_its_position() -> None:
    result = render_evennia("line one\nsome [dim]faded[/dim] text")
    assert result.text == "line one\nsome faded text"
    (problem,) = result.problems
    assert (problem.line, problem.column) == (2, 6)
    assert "dim" in problem.reason


def test_text_that_evennia_would_read_as_a_link_is_reported() -> None:
    result = render_evennia("see |lcrm -rf|ltnothing|le here")
    assert result.problems and "link" in result.problems[0].reason
    assert render_evennia("a plain | bar").problems == ()


def test_colour_code_covers_every_index() -> None:
    codes = {colour_code(parse_style(f"color({n})").fg) for n in range(256)}  # type: ignore[arg-type]
    assert len(codes) == 256  # no two xterm colours collapse into one code
    assert all(re.fullmatch(r"\|([RGYBMCWXrgybmcwx]|[0-5]{3}|=[b-y])", code) for code in codes)


def test_codes_read_back_into_equivalent_markup() -> None:
    for markup in ["[bold red]B[/] [[x] |lcfoo", "[link=pull lever]pull [bold]it[/bold][/link] [#ff0000 on color(100)]y",
                   "[room]Hall[/room] of [emote]echoes[/emote]", "{{a}} | b \\ c"]:  # fmt: skip
        text = ev(markup)
        back = to_markup(text)
        assert plain(back) == plain(markup)
        assert ev(back) == text


def test_evennia_text_from_elsewhere_reads_as_markup() -> None:
    assert to_markup("|rRed|n and |[Bblue bg|n") == "[bright_red]Red[/] and [on blue]blue bg[/]"
    assert to_markup("|500x|=ay|=zz") == "[color(196)]x[/][color(16)]y[/][color(231)]z[/]"
    assert to_markup("|#0F0g") == "[#00ff00]g[/]"
    assert to_markup("a|/b|-c|_d") == "a\nb\tc d"
    assert to_markup("[bold] is text") == "[[bold] is text"


#: Plain text, biased towards what means something to Evennia or to our markup.
PLAIN_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=4),
        st.sampled_from(["|", "||", "{", "{{", "\\", "[", "]", "|r", "|500", "|=a", "|#abc", "|[R", "|lc", "|le", "\n"]),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(PLAIN_TEXT)
def test_text_without_markup_survives_the_round_trip(text: str) -> None:
    markup = escape(text)
    result = render_evennia(markup)
    if result.problems:
        return  # text that Evennia reads as a link: reported, never silently changed
    assert plain(to_markup(result.text)) == text
    if not re.search(r"[|{\[]", text):
        assert result.text == text  # nothing to escape: the text is unchanged
