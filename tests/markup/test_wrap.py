"""Word wrap by visible length."""
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
    assert wrap("\tab cd ef", 6) == "\tab cd\n\tef"


def test_words_longer_than_the_width_are_split() -> None:
    assert wrap("ab abcdefghijkl", 5) == "ab\nabcde\nfghij\nkl"


def test_a_word_that_fits_the_width_is_never_split_even_after_an_indent() -> None:
    assert wrap("  aa bbbbbbbb", 8) == "  aa\nbbbbbbbb"
    assert wrap("\taa", 2) == "\t\naa"  # found by hypothesis


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
    if len(text) > width:
        assert all(len(line) <= max(width, len(indent)) for line in out.split("\n"))
    # Only the break points changed: the words, in order, are all still there.
    assert "".join(out.split()) == "".join(text.split())
    # No word that fits the width is ever split.
    for part in parts:
        if len(part) <= width:
            assert part in out.split()
