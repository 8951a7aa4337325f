"""Themes: loading, errors with file and line, reloading that keeps working themes."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.markup import (
    DEFAULT_THEME,
    THEME_KEYS,
    Theme,
    ThemeError,
    ThemeSet,
    load_theme,
    load_themes,
    parse_style,
)
from sandbox.markup.parser import parse
from sandbox.markup.theme import resolve, scan_themes

SHIPPED = Path(__file__).resolve().parents[2] / "themes"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_themes_load_and_cover_every_key() -> None:
    themes, errors = scan_themes(SHIPPED)
    assert errors == []
    assert sorted(themes) == ["default", "high-contrast", "mono"]
    for theme in themes.values():
        assert set(theme.styles) == set(THEME_KEYS), theme.name


def test_default_file_mirrors_the_built_in_theme() -> None:
    loaded = load_theme(SHIPPED / "default.toml")
    assert dict(loaded.styles) == dict(DEFAULT_THEME.styles)
    assert {m: dict(t) for m, t in loaded.overrides.items()} == {m: dict(t) for m, t in DEFAULT_THEME.overrides.items()}
    assert (loaded.background, loaded.foreground) == (DEFAULT_THEME.background, DEFAULT_THEME.foreground)


def test_medium_override_wins_only_on_its_medium() -> None:
    assert DEFAULT_THEME.style("npc", "ansi16") == parse_style("bright_red")
    assert DEFAULT_THEME.style("npc", "truecolor") == parse_style("#d08770")
    assert DEFAULT_THEME.style("nonexistent", "truecolor") == parse_style("none")


def test_theme_is_immutable() -> None:
    with pytest.raises(TypeError):
        DEFAULT_THEME.styles["room"] = parse_style("red")  # type: ignore[index]


def test_resolve_layers_tags_and_mono_drops_explicit_colour() -> None:
    frames = parse("[bold on blue][room]x").runs[0].frames
    assert resolve(frames, DEFAULT_THEME, "truecolor") == parse_style("bold #e0c060 on blue")
    mono = load_theme(SHIPPED / "mono.toml")
    assert resolve(frames, mono, "truecolor") == parse_style("bold")


def test_minimal_theme_file(tmp_path: Path) -> None:
    theme = load_theme(write(tmp_path, "tiny", '[styles]\nroom = "red"\n'))
    assert theme.name == "tiny"  # the file name when no name is given
    assert theme.style("room", "ansi16") == parse_style("red")
    assert theme.style("exit", "ansi16") == parse_style("none")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('name = "x"\n[styles]\nroom = "bold blod"\n', 3, "styles.room: unknown style or colour 'blod'"),
        ('[styles]\nroom = "red"\n\n[ansi16]\nexit = "#12"\n', 5, "ansi16.exit: malformed colour '#12' (use #rrggbb)"),
        ('[styles]\nroom = "red"\nroon = "blue"\n', 3, "unknown tag 'roon' in [styles] (known: "),
        ('[styles]\nroom = 3\n', 2, 'styles.room must be a style string such as "bold red"'),
        ('name = "x"\ncolor = true\n', 2, "unknown setting 'color' (known: "),
        ('background = "black"\n', 1, "background must be a colour written #rrggbb"),
        ('colour = "no"\n', 1, "colour must be true or false"),
        ('styles = "red"\n', 1, '[styles] must be a table of tag = "style"'),
        ('styles.room = "blod"\n', 1, "styles.room: unknown style or colour 'blod'"),
        ('[styles]\nroom = "red"\nexit = \n', 3, "invalid TOML: Invalid value"),
        ('[styles]\nroom = "red"\n[styles]\n', 3, "invalid TOML: "),
    ],
)
def test_errors_give_file_line_and_reason(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, "broken", text)
    with pytest.raises(ThemeError) as info:
        load_theme(path)
    error = info.value
    assert error.path == path
    assert error.line == line
    assert error.message.startswith(message)
    assert str(error).startswith(f"{path}:{line}: {message}")


def test_unreadable_theme(tmp_path: Path) -> None:
    with pytest.raises(ThemeError) as info:
        load_theme(tmp_path / "missing.toml")
    assert info.value.line is None and "cannot read theme" in str(info.value)


def test_load_themes_returns_only_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "good", '[styles]\nroom = "red"\n')
    write(tmp_path, "bad", '[styles]\nroom = "blod"\n')
    assert sorted(load_themes(tmp_path)) == ["good"]
    themes, errors = scan_themes(tmp_path)
    assert [(e.path.name, e.line) for e in errors if e.path] == [("bad.toml", 2)]


def test_theme_set_keeps_the_previous_theme_when_a_file_breaks(tmp_path: Path) -> None:
    path = write(tmp_path, "dark", '[styles]\nroom = "red"\n')
    themes = ThemeSet(tmp_path)
    first = themes["dark"]
    assert themes.errors == [] and themes.names() == ["dark", "default"]
    assert themes["default"] is DEFAULT_THEME

    path.write_text('[styles]\nroom = "blod"\n', encoding="utf-8")
    errors = themes.reload()
    assert [e.line for e in errors] == [2]
    assert themes["dark"] is first  # still the working version

    with pytest.raises(ThemeError):
        themes.reload_file(path)
    assert themes["dark"] is first

    path.write_text('[styles]\nroom = "blue"\n', encoding="utf-8")
    assert themes.reload() == []
    assert themes["dark"].style("room", "ansi16") == parse_style("blue")


def test_theme_set_default_file_replaces_built_in(tmp_path: Path) -> None:
    write(tmp_path, "default", '[styles]\nroom = "red"\n')
    assert ThemeSet(tmp_path)["default"].style("room", "ansi16") == parse_style("red")
    assert ThemeSet(None)["default"] is DEFAULT_THEME
    assert ThemeSet(tmp_path / "absent").names() == ["default"]


def test_a_new_broken_file_is_reported_and_absent(tmp_path: Path) -> None:
    write(tmp_path, "new", "not toml at all")
    themes = ThemeSet(tmp_path)
    assert "new" not in themes and themes.get("new") is None
    assert themes.errors[0].line == 1


def test_from_strings_builds_a_theme() -> None:
    theme = Theme.from_strings("t", {"room": "bold"}, {"html": {"room": "italic"}})
    assert theme.style("room", "html") == parse_style("italic")
    assert theme.style("room", "tui") == parse_style("bold")
