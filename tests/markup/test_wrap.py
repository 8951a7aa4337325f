"""Word wrap by terminal cells (wide characters 2, combining marks 0, tabs to 8-column stops)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sandbox.markup import render, visible_length, wrap
from sandbox.markup.wrap import apply_edits, break_edits


def test_visible_length_ignores_escape_codes() -> None:
    assert visible_length("plain") == 5
    assert visible_length("\x1b[1;38;2;1;2;3mab\x1b[0m") == 2
    assert visible_length('\x1b[4z<send href="n">north\x1b[4z</send>') == 5
    assert visible_length("\x1b]0;title\x07x") == 1


def test_short_lines_are_untouched() -> None:
    assert wrap("short line\nanother", 20) == "short line\nanother"


def test_greedy_wrap_at_spaces() -> None:
    assert wrap("the quick brown fox jumps over the lazy dog", 10) == "the quick\nbrown fox\njumps over\nthe lazy\ndog"


def test_indentation_is_kept_on_continuation_lines() -> None:
    assert wrap("    one two three four five", 14) == "    one two\n    three four\n    five"
    # A tab is 8 cells: the indent is kept while it leaves half the width.
    assert wrap("\tab cd ef gh ij", 16) == "\tab cd ef\n\tgh ij"
    assert wrap("\tab cd ef", 6) == "\t\nab cd\nef"  # 8 cells of indent leave no room


def test_words_longer_than_the_width_are_split() -> None:
    assert wrap("ab abcdefghijkl", 5) == "ab\nabcde\nfghij\nkl"


def test_a_word_that_fits_the_width_is_never_split_even_after_an_indent() -> None:
    assert wrap("  aa bbbbbbbb", 8) == "  aa\nbbbbbbbb"
    assert wrap("\taa", 2) == "\t\naa"  # found by hypothesis


def test_wide_characters_count_two_cells() -> None:
    """The issue's sample: at width 20 every line must fit 20 terminal cells."""
    out = render("[room]古い水車小屋[/room] 粉が舞う。 粉屋がこちらを見ている。", "plain", width=20)
    assert out == "古い水車小屋\n粉が舞う。\n粉屋がこちらを見てい\nる。"
    assert max(visible_length(line) for line in out.split("\n")) <= 20
    assert wrap("🐉🐉🐉🐉🐉 🐉🐉🐉🐉🐉", 12) == "🐉🐉🐉🐉🐉\n🐉🐉🐉🐉🐉"


def test_combining_marks_and_zwj_sequences_take_no_extra_cell() -> None:
    assert visible_length("cafe\u0301") == 4
    assert wrap("cafe\u0301 cafe\u0301", 9) == "cafe\u0301 cafe\u0301"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert visible_length(family) == 2
    # A long word is split between graphemes, never inside one.
    assert wrap("e\u0301" * 5, 2) == "e\u0301e\u0301\ne\u0301e\u0301\ne\u0301"
    assert wrap(family * 3, 5) == family * 2 + "\n" + family


def test_tabs_advance_to_the_next_8_column_stop() -> None:
    assert visible_length("a\tb") == 9
    assert visible_length("abcdefgh\tb") == 17
    assert wrap("ab\tcd\tef", 12) == "ab\tcd\nef"


def test_a_wide_character_is_not_split_across_the_edge() -> None:
    assert wrap("ab古い", 3).split("\n") == ["ab", "古", "い"]


def test_wrap_ansi_text_by_visible_length() -> None:
    text = "\x1b[1mbold words\x1b[0m and \x1b[31mred words\x1b[0m"
    assert wrap(text, 10) == "\x1b[1mbold words\x1b[0m\nand \x1b[31mred\nwords\x1b[0m"


def test_render_with_width_wraps_runs_in_every_text_medium() -> None:
    markup = "[room]The Old Mill[/room] stands by [exit]the river[/exit]"
    assert render(markup, "plain", width=12) == "The Old Mill\nstands by\nthe river"
    assert render(markup, "ansi16", width=12) == "\x1b[1;93mThe Old Mill\x1b[0m\nstands by\n\x1b[36mthe river\x1b[0m"
    # HTML leaves wrapping to the browser.
    assert "\n" not in render(markup, "html", width=12)


def test_a_gap_spanning_runs_is_replaced_once() -> None:
    assert apply_edits(["ab ", " cd"], [(2, 4, "\n")]) == ["ab\n", "cd"]
    assert break_edits("ab  cd", 3) == [(2, 4, "\n")]


def test_zero_or_negative_width_does_not_wrap() -> None:
    assert wrap("a b c", 0) == "a b c"
    assert render("a b c", "plain", width=0) == "a b c"


words = st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=12), min_size=1, max_size=30)


@given(words, st.integers(min_value=1, max_value=30), st.sampled_from(["", "  ", "\t"]))
def test_wrapped_lines_fit_and_keep_every_word(parts: list[str], width: int, indent: str) -> None:
    text = indent + " ".join(parts)
    out = wrap(text, width)
    if visible_length(text) > width:
        assert all(visible_length(line) <= max(width, visible_length(indent)) for line in out.split("\n"))
    # Only the break points changed: the words, in order, are all still there.
    assert "".join(out.split()) == "".join(text.split())
    # No word that fits the width is ever split.
    for part in parts:
        if len(part) <= width:
            assert part in out.split()


wide_words = st.lists(
    st.lists(st.sampled_from(["a", "b", "古", "い", "🐉", "e\u0301", "\U0001f468\u200d\U0001f469"]), min_size=1, max_size=8).map("".join),
    min_size=1,
    max_size=20,
)


@given(wide_words, st.integers(min_value=2, max_value=30))
def test_wrapped_wide_text_fits_in_cells(parts: list[str], width: int) -> None:
    text = " ".join(parts)
    out = wrap(text, width)
    assert all(visible_length(line) <= width for line in out.split("\n"))
    assert "".join(out.split()) == "".join(text.split())


def test_telnet_output_fits_the_naws_width() -> None:
    """A client that said NAWS 100 gets no line wider than 100 cells (it got 140)."""
    from sandbox.net.telnet.output import render_text

    markup = "[room]古い水車小屋[/room] " + "粉が舞う。 " * 30
    wire = render_text(markup, "ansi256", 100, "utf-8", None).decode("utf-8")
    lines = wire.replace("\r\n", "\n").split("\n")
    assert len(lines) > 1 and all(visible_length(line) <= 100 for line in lines)
