"""`sandbox render`: markup from files (or stdin, or ``-``), a rendering on stdout.

Builders use it to preview how a description looks in each medium:
    echo '[room]The Mill[/room]' | sandbox render --to ansi16 --theme mono
    sandbox render desc.txt notes.txt
Without ``--to`` the depth follows the terminal: plain when stdout is not a terminal or
``NO_COLOR`` is set, else ``COLORTERM``/``TERM`` decide (see ``sandbox.cli.depth``).
Invalid markup exits 2 with one error per line (with its column) on stderr.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from sandbox.cli.common import add_game_option
from sandbox.cli.depth import default_depth
from sandbox.markup import DEFAULT_THEME, MEDIA, Theme, ThemeError, html_page, load_theme, render, validate

# Theme names are file stems under <game>/themes (or the starter kit's): no paths, so
# --theme cannot escape it.
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render markup from files or stdin as plain text, ANSI or HTML",
        description="Read markup from each FILE (or stdin, also as '-') and write its rendering to stdout.",
    )
    add_game_option(parser)
    parser.add_argument("files", nargs="*", metavar="FILE", help="markup files; '-' or none reads stdin")
    parser.add_argument(
        "--to", choices=MEDIA, default=None,
        help="output medium (default: follows the terminal: NO_COLOR, COLORTERM, TERM; plain when not a terminal)",
    )  # fmt: skip
    parser.add_argument("--theme", metavar="NAME", help="theme from <game>/themes/NAME.toml (default: default)")
    parser.add_argument("--width", type=int, metavar="N", help="wrap lines to N columns (plain and ANSI)")
    parser.add_argument("--standalone", action="store_true", help="with --to html: a whole page, not a fragment")
    parser.set_defaults(func=run)


def _game(args: argparse.Namespace) -> Path:
    game = getattr(args, "game", None)
    return Path(game) if game is not None else Path.cwd()


def _theme(args: argparse.Namespace) -> Theme | str:
    """The theme to use, or an error message. Outside a game directory (no themes/),
    the starter kit's themes are the ones on offer."""
    from sandbox.starter import themes_dir

    themes = themes_dir(_game(args))
    name = getattr(args, "theme", None)
    if name is None:
        path = themes / "default.toml"
        if not path.is_file():
            return DEFAULT_THEME
        try:
            return load_theme(path)
        except ThemeError as exc:
            # A broken default file must not stop previews: say so, use the built-in.
            print(f"warning: {exc}; using the built-in default theme", file=sys.stderr)
            return DEFAULT_THEME
    if not _THEME_NAME.fullmatch(name):
        return f"invalid theme name {name!r}: use letters, digits, '-' and '_'"
    path = themes / f"{name}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in themes.glob("*.toml")) if themes.is_dir() else []
        return f"no theme {name!r} in {themes} (available: {', '.join(known) or 'none'})"
    try:
        return load_theme(path)
    except ThemeError as exc:
        return str(exc)


def _read(name: str) -> str | None:
    """One input's markup (bytes decoded leniently: a stray byte must not crash a
    preview), without the final newline an editor or echo adds; None if unreadable."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        print(f"error: {name}: {exc.strerror or exc}", file=sys.stderr)
        return None
    markup = data.decode("utf-8", errors="replace")
    return markup[:-1] if markup.endswith("\n") else markup


def run(args: argparse.Namespace) -> int:
    to = getattr(args, "to", None) or default_depth(sys.stdout)
    width = getattr(args, "width", None)
    standalone = getattr(args, "standalone", False)
    if standalone and to != "html":
        print("error: --standalone needs --to html", file=sys.stderr)
        return 2
    if width is not None and width < 1:
        print("error: --width must be at least 1", file=sys.stderr)
        return 2
    names = list(getattr(args, "files", None) or ["-"])
    if names.count("-") > 1:
        print("error: '-' (stdin) can be given once", file=sys.stderr)
        return 2
    inputs: list[tuple[str, str]] = []
    for name in names:
        markup = _read(name)
        if markup is None:
            return 1
        inputs.append((name, markup))
    status = 0
    for name, markup in inputs:
        for error in validate(markup):
            where = "" if len(inputs) == 1 else f"{'stdin' if name == '-' else name}: "
            print(f"error: {where}{error}", file=sys.stderr)
            status = 2
    if status:
        return status
    theme = _theme(args)
    if isinstance(theme, str):
        print(f"error: {theme}", file=sys.stderr)
        return 1
    outputs = []
    for _name, markup in inputs:
        if standalone:
            outputs.append(html_page(markup, theme, title="sandbox render"))
        else:
            outputs.append(render(markup, to, theme, width=width) + "\n")
    sys.stdout.flush()
    sys.stdout.buffer.write("".join(outputs).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0
