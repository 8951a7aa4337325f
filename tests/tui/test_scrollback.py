"""The output pane's scrollback model, without an app: wrapping, line lookup, trimming
and search marks."""
from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text

from sandbox.tui.widgets.scrollback import Scrollback, wrap_offsets

MARK = Style(reverse=True)


def lines_at(texts: list[str], width: int) -> list[str]:
    back = Scrollback(1000)
    back.set_width(width)
    for text in texts:
        back.append(Text(text))
    return back.plain_lines()


def test_wrap_breaks_between_words_and_folds_long_words() -> None:
    assert wrap_offsets("a short line", 20) == []
    assert wrap_offsets("the quick brown fox", 10) == [10]  # "the quick " / "brown fox"
    assert wrap_offsets("abcdefghij", 4) == [4, 8]
    assert wrap_offsets("go abcdefghij", 4) == [3, 7, 11]
    assert wrap_offsets("日本語の文字", 4) == [2, 4]  # two cells each


def test_lines_follow_newlines_and_width() -> None:
    assert lines_at(["one\ntwo", "the quick brown fox"], 10) == ["one", "two", "the quick ", "brown fox"]
    assert lines_at(["the quick brown fox"], 40) == ["the quick brown fox"]


def test_a_new_width_recounts_every_line() -> None:
    back = Scrollback(1000)
    back.set_width(40)
    for n in range(5):
        back.append(Text(f"message {n} " + "word " * 10))
    assert len(back) == 10  # 60 characters at 40: two lines each
    back.set_width(100)
    assert len(back) == 5
    assert back.locate(4) == (5, 0)  # serials count from 1
    assert back.text_of(5).plain.startswith("message 4")


def test_oldest_messages_are_trimmed_whole() -> None:
    back = Scrollback(10)
    back.set_width(80)
    for n in range(25):
        back.append(Text(f"line {n}\nsecond"))
        back.trim()
    assert len(back) == 10
    assert back.plain_lines()[0] == "line 20"
    assert back.line_of(1) is None  # long gone
    assert back.line_of(25) == 8  # the newest message's first line


def test_trimming_thousands_keeps_lookups_right() -> None:
    back = Scrollback(100)
    back.set_width(80)
    for n in range(5000):  # past the compaction threshold, several times
        back.append(Text(f"tick {n}"))
        back.trim()
    assert len(back) == 100
    found = back.locate(99)
    assert found is not None and back.text_of(found[0]).plain == "tick 4999"
    assert back.line_of(4950) == 49  # serials are 1-based


def test_strips_are_drawn_to_width_with_the_texts_styles() -> None:
    back = Scrollback(100)
    back.set_width(12)
    back.append(Text.assemble(("red", "red"), " and plain words"))
    assert back.locate(1) == (1, 1)
    strips = back.draw(1, Console(), 12, Style(bgcolor="black"))
    assert [s.text for s in strips] == ["red and     ", "plain words "]
    first = next(iter(strips[0]))
    assert first.text == "red" and first.style is not None and first.style.color is not None


def test_a_mark_highlights_a_copy_and_goes_away() -> None:
    back = Scrollback(100)
    back.set_width(10)
    back.append(Text("nothing"))
    back.append(Text("find the needle here"))
    assert back.mark(2, 9, 15, MARK)
    assert [span.style for span in back.text_of(2).spans] == [MARK]
    assert not back.text_of(1).spans
    assert back.line_of(2, 9) == 2  # "needle " starts the message's second line
    back.unmark()
    assert not back.text_of(2).spans
    assert not back.mark(99, 0, 1, MARK)  # no such message


def test_messages_keep_no_text_objects_for_the_collector() -> None:
    """20k Text objects made each full collection a 40-100 ms pause during a flood."""
    import gc

    back = Scrollback(100_000)
    back.set_width(80)
    before = len(gc.get_objects())
    for n in range(5000):
        back.append(Text.assemble(("a", Style(bold=True)), f" message {n}"))
    gc.collect()
    assert len(gc.get_objects()) - before < 500
