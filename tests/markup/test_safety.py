"""Escaping player text and removing control characters, across every renderer."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.markup import MEDIA, escape, plain, render, render_rich, strip_controls, validate
from sandbox.markup.safety import control_positions

# Any character at all, lone surrogates included (hypothesis excludes them by default).
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()))
# Text that is mostly markup-like, to hit the tokenizer's edge cases often.
markupish = st.text(alphabet=st.sampled_from(list("[]/=#ab red bold link\\\x1b\n\t<>&\"'")), max_size=40)

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

HOSTILE = [
    "[bold]I am bold[/bold] [link=quit]click[/link] [/] [[",
    "\x1b[31mred\x1b[0m and \x1b]0;title\x07 and \x1b[2J",
    "<script>alert('x')</script> <img src=x onerror=\"alert(1)\"> &amp;",
    "IAC \xff\xff\xfb\x01 bytes",
    "C1 CSI \x9b31m and NEL \x85 and DEL \x7f",
    "NUL \x00 BEL \x07 BS \x08 CR \r VT \x0b FF \x0c",
    "lone surrogate \ud800 and \udfff",
    "]]]] [[[[ [/link] [link=",
]


@given(any_text)
def test_plain_of_escaped_text_is_the_text(text: str) -> None:
    assert plain(escape(text)) == strip_controls(text)


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs"))))
def test_plain_of_escaped_text_is_exactly_the_text_without_controls(text: str) -> None:
    assert plain(escape(text)) == text


@given(any_text)
def test_escaped_text_never_styles_anything(text: str) -> None:
    escaped = escape(text)
    assert validate(strip_controls(escaped)) == []
    assert render(escaped, "truecolor") == strip_controls(text)  # no SGR codes at all
    assert render(escaped, "ansi16", mxp=True).count("\x1b") == 0
    # The only span allowed is layout: an indented line's hanging-indent block.
    html = render(escaped, "html")
    assert re.search(r'<span(?! class="mk-hang" style="--mk-i:\d+ch">| class="mk-blank"></span>)', html) is None and "<a" not in html
    assert render_rich(escaped).spans == []


@given(markupish)
def test_rendering_never_raises_and_never_passes_controls(markup: str) -> None:
    for medium in MEDIA:
        out = render(markup, medium)
        # The only ESC allowed is the one starting our own SGR sequences.
        assert CONTROL.search(re.sub(r"\x1b\[[0-9;]*m", "", out)) is None
    assert CONTROL.search(render_rich(markup).plain) is None


@given(any_text)
def test_strip_controls_keeps_newline_and_tab_and_removes_the_rest(text: str) -> None:
    stripped = strip_controls(text)
    assert CONTROL.search(stripped) is None
    assert stripped == "".join(c for c in text if not CONTROL.match(c))


def test_strip_controls_exact() -> None:
    assert strip_controls("a\x1b[31mb\tc\nd\x9be\x7ff\x00\r") == "a[31mb\tc\ndef"
    assert strip_controls("ÿ IAC stays: it is a letter here") == "ÿ IAC stays: it is a letter here"
    assert control_positions("a\x1bb\x9b") == [(1, "\x1b"), (3, "\x9b")]


def test_escape_doubles_only_the_opening_bracket() -> None:
    assert escape("[b]x[/b] ]") == "[[b]x[[/b] ]"
    assert plain("[[b]x[[/b] ]") == "[b]x[/b] ]"


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("medium", MEDIA)
def test_hostile_player_text_is_inert_in_every_medium(text: str, medium: str) -> None:
    markup = f"[player]Eve[/player] says, [say]{escape(text)}[/say]"
    out = render(markup, medium)
    without_ours = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b" not in without_ours and CONTROL.search(without_ours) is None
    if medium == "html":
        assert "<script" not in out and "<img" not in out and "data-send" not in out
        assert out.count("<span") == 2
    else:
        # The player's text comes through as text, only control characters removed.
        assert strip_controls(text) in without_ours


def test_hostile_text_in_rich_output() -> None:
    text = render_rich(f"[say]{escape(HOSTILE[1])}[/say]")
    assert text.plain == "[31mred[0m and ]0;title and [2J"
    assert [span.end for span in text.spans] == [len(text.plain)]


def test_iac_is_an_ordinary_character() -> None:
    # U+00FF is 'ÿ'; the telnet layer doubles it when it encodes to bytes.
    assert render(escape("\xff"), "ansi16") == "\xff"


def test_bidi_controls_are_removed_at_render_time() -> None:
    """A description or name written by a builder (or imported) cannot reorder the text
    after it: "says \u202eevil\u202c ok" would show as "says live ok"."""
    from sandbox.markup import render, render_rich

    text = "says \u202eevil\u202c ok \u2067x\u2069"
    for medium in ("plain", "ansi16", "truecolor", "html"):
        assert "\u202e" not in render(text, medium) and "\u2067" not in render(text, medium)
    assert render_rich(text).plain == "says evil ok x"
    assert strip_controls("שלום \u200fok") == "שלום \u200fok"  # RTL letters and marks stay
