"""The ANSI renderer: minimal SGR, resets, downgrades, MXP links."""
from __future__ import annotations

from sandbox.markup import DEFAULT_THEME, Theme, render
from sandbox.markup.ansi import mxp_escape, transition
from sandbox.markup.style import EMPTY, parse_style

THEME = Theme.from_strings("t", {"room": "bold #e0c060", "exit": "cyan", "say": "none"}, {"ansi16": {"exit": "blue"}})


def test_unstyled_text_gets_no_escape_codes_at_all() -> None:
    for medium in ("ansi16", "ansi256", "truecolor"):
        assert render("plain text", medium) == "plain text"
        assert render("[say]styled by nothing[/say]", medium, THEME) == "styled by nothing"
        assert render("[room][/room]empty tags[bold][/bold]", medium, THEME) == "empty tags"


def test_reset_only_at_the_end_of_a_styled_message() -> None:
    assert render("[room]Mill[/room]", "truecolor", THEME) == "\x1b[1;38;2;224;192;96mMill\x1b[0m"
    assert render("[room]Mill[/room] after", "truecolor", THEME) == "\x1b[1;38;2;224;192;96mMill\x1b[0m after"
    assert render("[room]Mill", "ansi16", THEME) == "\x1b[1;93mMill\x1b[0m"


def test_semantic_tags_use_the_theme_and_its_medium_override() -> None:
    assert render("[exit]n[/exit]", "truecolor", THEME) == "\x1b[36mn\x1b[0m"
    assert render("[exit]n[/exit]", "ansi16", THEME) == "\x1b[34mn\x1b[0m"
    assert render("[exit]n[/exit]", "ansi256", THEME) == "\x1b[36mn\x1b[0m"


def test_downgrades_per_medium() -> None:
    markup = "[#e0c060 on #102030]x"
    assert render(markup, "ansi16") == "\x1b[93;40mx\x1b[0m"
    assert render(markup, "ansi256") == "\x1b[38;5;179;48;5;17mx\x1b[0m"
    assert render(markup, "truecolor") == "\x1b[38;2;224;192;96;48;2;16;32;48mx\x1b[0m"
    assert render("[color(208)]x", "ansi256") == "\x1b[38;5;208mx\x1b[0m"


def test_a_16_colour_render_does_not_leak_into_truecolor() -> None:
    assert render("[bold #e0c062]x", "ansi16") == "\x1b[1;93mx\x1b[0m"
    assert render("[bold #e0c062]x", "truecolor") == "\x1b[1;38;2;224;192;98mx\x1b[0m"


def test_only_what_changes_is_sent_between_runs() -> None:
    # Adding italic inside bold red: just 3; leaving it: just 23.
    assert render("[bold red]a[italic]b[/italic]c", "ansi16") == "\x1b[1;31ma\x1b[3mb\x1b[23mc\x1b[0m"
    # Changing colour only.
    assert render("[red]a[green]b[/green]c", "ansi16") == "\x1b[31ma\x1b[32mb\x1b[31mc\x1b[0m"
    # Dropping bold but keeping dim: 22 turns off both, so dim comes back...
    assert render("[dim red]a[bold]b[/bold]c", "ansi16") == "\x1b[2;31ma\x1b[1mb\x1b[22;2mc\x1b[0m"
    # ...unless a reset and the new style is shorter.
    assert render("[dim]a[bold]b[/bold]c", "ansi16") == "\x1b[2ma\x1b[1mb\x1b[0;2mc\x1b[0m"


def test_a_reset_is_used_when_shorter_than_undoing() -> None:
    before = parse_style("bold italic underline red on blue")
    after = parse_style("green")
    assert transition(before, after, "ansi16") == "\x1b[0;32m"
    assert transition(after, EMPTY, "ansi16") == "\x1b[0m"
    assert transition(after, after, "ansi16") == ""
    assert transition(parse_style("red on blue"), parse_style("red"), "ansi16") == "\x1b[49m"


def test_all_attributes() -> None:
    assert render("[bold dim italic underline reverse strike]x", "ansi16") == "\x1b[1;2;3;4;7;9mx\x1b[0m"


def test_links_are_plain_text_without_mxp() -> None:
    assert render("[link=look]Look[/link] here", "ansi16") == "Look here"


def test_mxp_links_and_entity_escaping() -> None:
    out = render('[link=say "hi" & <b>][exit]Say[/exit][/link] <x> & y', "ansi16", DEFAULT_THEME, mxp=True)
    assert out == (
        '\x1b[4z<send href="say &quot;hi&quot; &amp; &lt;b&gt;">\x1b[36mSay'
        "\x1b[4z</send>\x1b[0m &lt;x&gt; &amp; y"
    )
    assert mxp_escape("a<b>&c") == "a&lt;b&gt;&amp;c"


def test_mxp_closes_an_unclosed_link_at_the_end() -> None:
    assert render("[link=n]north", "truecolor", mxp=True) == '\x1b[4z<send href="n">north\x1b[4z</send>'


def test_newlines_inside_styles_are_kept() -> None:
    assert render("[red]a\nb[/red]", "ansi16") == "\x1b[31ma\nb\x1b[0m"


def test_empty_runs_do_not_change_transitions() -> None:
    # The empty unstyled run between the two tags must not force a reset.
    assert render("[red]a[/red][red]b[/red]", "ansi16") == "\x1b[31mab\x1b[0m"
    assert render("[red]a[/red][green]b", "ansi16") == "\x1b[31ma\x1b[32mb\x1b[0m"


def test_mxp_link_wrapped_over_two_lines_is_closed_and_reopened_around_the_newline() -> None:
    out = render("Exits: [link=go east]big east door[/link]", "ansi16", width=12, mxp=True)
    assert out == (
        'Exits: \x1b[4z<send href="go east">big\x1b[4z</send>\n'
        '\x1b[4z<send href="go east">east door\x1b[4z</send>'
    )
    assert render("Exits: [link=go east]big east door[/link]", "ansi16", width=12) == "Exits: big\neast door"


def test_16_colours_do_not_resend_a_colour_that_maps_to_the_same_code() -> None:
    """#cd3131 and #c03030 are one colour on 16 colours: no code between a, b and c."""
    from sandbox.markup import render

    assert render("[#cd3131]a[#c03030]b[/]c", "ansi16") == "\x1b[33mabc\x1b[0m"
    # Where the codes do differ they are still sent.
    assert render("[#cd3131]a[#c03030]b[/]c", "truecolor") == "\x1b[38;2;205;49;49ma\x1b[38;2;192;48;48mb\x1b[38;2;205;49;49mc\x1b[0m"
