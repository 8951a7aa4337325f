"""The HTML renderer: classes per semantic tag, inline explicit styles, escaping, CSS."""
from __future__ import annotations

import re

from sandbox.markup import DEFAULT_THEME, Theme, html_page, render, theme_css


def test_semantic_tags_become_classes() -> None:
    assert render("[room]Mill[/room] x", "html") == '<span class="mk-room">Mill</span> x'


def test_explicit_styles_become_inline_styles() -> None:
    assert render("[bold #e0c060 on blue]x", "html") == (
        '<span style="font-weight:bold;--mk-c:#e0c060;--mk-b:#2472c8">x</span>'
    )
    assert render("[underline strike dim italic]x", "html") == (
        '<span class="mk-dim" style="font-style:italic;text-decoration:underline line-through">x</span>'
    )


def test_spans_nest_like_the_tags() -> None:
    assert render("[room]a[red]b[/red]c[/room]", "html") == (
        '<span class="mk-room">a<span style="--mk-c:#cd3131">b</span>c</span>'
    )
    # Closing an outer tag first: the inner one is reopened.
    assert render("[bold][red]a[/bold]b", "html") == (
        '<span style="font-weight:bold"><span style="--mk-c:#cd3131">a</span></span>'
        '<span style="--mk-c:#cd3131">b</span>'
    )


def test_links() -> None:
    assert render("[link=look mill][room]Mill[/room][/link]!", "html") == (
        '<a class="mk-link" href="#" data-send="look mill"><span class="mk-room">Mill</span></a>!'
    )
    assert render("[link=n]a[/link][link=n]b", "html") == (
        '<a class="mk-link" href="#" data-send="n">a</a><a class="mk-link" href="#" data-send="n">b</a>'
    )


def test_everything_is_escaped() -> None:
    assert render("<b>&'\"</b>", "html") == "&lt;b&gt;&amp;&#x27;&quot;&lt;/b&gt;"
    assert render('[link=x" onclick="alert(1)]go', "html") == (
        '<a class="mk-link" href="#" data-send="x&quot; onclick=&quot;alert(1)">go</a>'
    )
    assert render("[<script>]x", "html") == "[&lt;script&gt;]x"
    assert render("[room]<img src=x onerror=alert(1)>", "html") == (
        '<span class="mk-room">&lt;img src=x onerror=alert(1)&gt;</span>'
    )


def test_no_live_html_from_any_text() -> None:
    out = render("[room]x[/room]<script>alert(1)</script>[link=a'b]c[/link]", "html")
    tags = re.findall(r"<[^>]*>", out)
    assert tags == ['<span class="mk-room">', "</span>", '<a class="mk-link" href="#" data-send="a&#x27;b">', "</a>"]


def test_reverse_and_dim_are_classes_over_the_inherited_colours() -> None:
    """Reverse swaps the resolved colours (those inherited too): `[red]a[reverse]b` shows
    b on red, as a terminal does, not on the page's foreground."""
    assert render("[red]a[reverse]inner[/reverse]b[/red]", "html") == (
        '<span style="--mk-c:#cd3131">a<span class="mk-rev">inner</span>b</span>'
    )
    css = theme_css(DEFAULT_THEME)
    assert ".mk .mk-rev,.mk .mk-rev *" in css and "{color:var(--mk-b);background-color:var(--mk-c)}" in css
    assert "color-mix(in srgb,var(--mk-c) 60%,var(--mk-b))" in css and "opacity" not in css
    assert "overflow-wrap:anywhere" in css and "tab-size:8" in css


def test_theme_css() -> None:
    css = theme_css(DEFAULT_THEME)
    assert ".mk{--mk-bg:#15171c;--mk-fg:#d8dee9;" in css
    assert ".mk-room{font-weight:bold;--mk-c:#e0c060}" in css
    assert ".mk a.mk-link{text-decoration:underline}" in css
    assert ".mk-prompt{font-weight:bold}" in css
    assert "!important" not in css


def test_theme_css_uses_html_overrides_and_colourless_themes() -> None:
    theme = Theme.from_strings("t", {"room": "red"}, {"html": {"room": "#112233"}}, colour=True)
    assert ".mk-room{--mk-c:#112233}" in theme_css(theme)
    mono = Theme.from_strings("m", {"room": "bold red"}, colour=False)
    css = theme_css(mono)
    assert ".mk-room{font-weight:bold}" in css
    assert ".mk [style]{--mk-c:inherit !important;--mk-b:inherit !important}" in css


def test_html_page() -> None:
    page = html_page("[room]Mill</title>[/room]", DEFAULT_THEME, title="<x>")
    assert page.startswith("<!doctype html>")
    assert "<title>&lt;x&gt;</title>" in page
    assert '<div class="mk"><span class="mk-room">Mill&lt;/title&gt;</span></div>' in page
    assert "background:#15171c" in page
    nonce = re.search(r"script-src 'nonce-([^']+)'", page)
    assert nonce is not None and f'<script nonce="{nonce.group(1)}">' in page
    assert page.count("<script") == 1
    assert "dataset.send" in page
