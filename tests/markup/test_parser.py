"""The tokenizer (runs) and validation (errors with columns)."""
from __future__ import annotations

import pytest

from sandbox.markup import MarkupError, parse, plain, validate
from sandbox.markup.parser import Link


def shape(markup: str) -> list[tuple[str, list[str], str | None]]:
    """Runs as (text, tag keys, link command): what the tests compare."""
    return [
        (run.text, [frame.key for frame in run.frames], run.link.command if run.link else None)
        for run in parse(markup).runs
    ]


def test_text_without_tags_is_one_unstyled_run() -> None:
    assert shape("just text") == [("just text", [], None)]
    assert shape("") == []


def test_nested_tags_stack_outermost_first() -> None:
    assert shape("a[room]b[bold red]c[/bold red]d[/room]e") == [
        ("a", [], None),
        ("b", ["room"], None),
        ("c", ["room", "bold red"], None),
        ("d", ["room"], None),
        ("e", [], None),
    ]


def test_closing_names_are_normalised_and_slash_closes_innermost() -> None:
    assert shape("[Bold  Red]a[/bold red]b") == [("a", ["bold red"], None), ("b", [], None)]
    assert shape("[room][exit]a[/]b[/]c") == [("a", ["room", "exit"], None), ("b", ["room"], None), ("c", [], None)]


def test_closing_an_outer_tag_keeps_the_inner_one_open() -> None:
    assert shape("[bold][red]a[/bold]b") == [("a", ["bold", "red"], None), ("b", ["red"], None)]


def test_unclosed_tags_close_at_the_end() -> None:
    assert shape("[room]open") == [("open", ["room"], None)]
    assert validate("[room]open") == []


def test_escaped_bracket_and_malformed_tags_are_literal_text() -> None:
    assert shape("[[room] [blod]x[/nope]") == [("[room] [blod]x[/nope]", [], None)]
    assert shape("[room]a [[b] c[/room]") == [("a [b] c", ["room"], None)]
    assert plain("[[[[ ]] [ [] [\n]") == "[[ ]] [ [] [\n]"


def test_links_are_separate_from_style_tags() -> None:
    assert shape("[link=look mill][room]Mill[/room][/link]!") == [("Mill", ["room"], "look mill"), ("!", [], None)]


def test_adjacent_links_to_the_same_command_stay_apart() -> None:
    runs = parse("[link=n]a[/link][link=n]b[/link]").runs
    assert [run.link for run in runs] == [Link("n", 0), Link("n", 2)]  # token numbers


def test_control_characters_are_gone_before_parsing() -> None:
    assert shape("[ro\x1bom]x") == [("x", ["room"], None)]


def test_messages_with_the_same_tags_share_a_program() -> None:
    assert parse("[room]A[/room] b").program is parse("[room]C[/room] d").program
    assert parse("[room]A[/room] b").texts == ("", "A", " b")


# -- validate ---------------------------------------------------------------------------


def errors(markup: str) -> list[str]:
    return [str(error) for error in validate(markup)]


def test_valid_markup_has_no_errors() -> None:
    assert validate("[title]T[/title] [bold #e0c060 on color(17)]x[/] [link=go north]n[/link] [[") == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("hello [blod]x", ["column 7: unknown tag [blod]"]),
        ("[/room]", ["column 1: stray closing tag [/room]: no tag is open"]),
        ("[/]", ["column 1: stray closing tag [/]: no tag is open"]),
        ("[room]x[/exit]", ["column 8: closing tag [/exit] does not match any open tag (innermost is [room])"]),
        ("[link=x]y[/room]", ["column 10: closing tag [/room] does not match any open tag (innermost is [link=x])"]),
        ("[#12345]x", ["column 1: malformed colour '#12345' (use #rrggbb) in [#12345]"]),
        ("[bold redd]x", ["column 1: unknown style or colour 'redd' in [bold redd]"]),
        ("[color(256)]", ["column 1: colour index 256 is out of range 0-255 in [color(256)]"]),
        ("[link=]x", ["column 1: [link=] needs a command: [link=COMMAND]"]),
        ("[link]x", ["column 1: [link] needs a command: [link=COMMAND]"]),
        ("ab[]", ["column 3: empty tag []"]),
        ("a\x1b[31m", ["column 2: control character U+001B is not allowed"]),
        ("a\x1b[31m]", ["column 2: control character U+001B is not allowed", "column 3: unknown tag [31m]"]),
    ],
)
def test_errors_say_where_and_why(markup: str, expected: list[str]) -> None:
    assert errors(markup) == expected


def test_errors_past_the_first_line_give_line_and_column() -> None:
    assert validate("first\n  [room]x[/room] [blod]") == [MarkupError(18, "unknown tag [blod]", 2)]
    assert errors("a\nb\n[/x]") == ["line 3, column 1: stray closing tag [/x]: no tag is open"]


def test_several_errors_in_order() -> None:
    assert [e.column for e in validate("[x] [y] [/z]")] == [1, 5, 9]


def test_markup_error_is_frozen() -> None:
    error = MarkupError(7, "unknown tag [blod]")
    assert str(error) == "column 7: unknown tag [blod]"
    with pytest.raises(AttributeError):
        error.column = 8  # type: ignore[misc]


def test_a_closing_tag_missing_its_arguments_gets_a_suggestion() -> None:
    """`[/color]` after `[color(208)]` is the newcomer's mistake: say what closes it."""
    from sandbox.markup import validate

    errors = [str(e) for e in validate("Tar smell. A [color(208)]lantern[/color] hangs.")]
    assert errors == [
        "column 33: closing tag [/color] does not match any open tag (innermost is [color(208)]); "
        "to close [color(208)] write [/color(208)] or [/]"
    ]
    assert str(validate("[bold red]x[/bold]")[0]).endswith("to close [bold red] write [/bold red] or [/]")
    assert "to close" not in str(validate("[room]x[/exit]")[0])
