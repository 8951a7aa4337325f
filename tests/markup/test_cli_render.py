"""`sandbox render`, through the real command line and through run() directly."""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.cli import render as render_cli

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


def sandbox(*args: str, stdin: str | bytes, game: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    return subprocess.run(
        [python, "-m", "sandbox", "--game", str(game), "render", *args],
        input=data, capture_output=True, cwd=ROOT, timeout=60,
    )  # fmt: skip


def test_renders_with_the_shipped_default_theme() -> None:
    result = sandbox("--to", "truecolor", stdin="[room]The Mill[/room] by [exit]north[/exit]\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"\x1b[1;38;2;224;192;96mThe Mill\x1b[0m by \x1b[36mnorth\x1b[0m\n"
    assert result.stderr == b""


def test_piped_output_is_plain_unless_to_is_given() -> None:
    assert sandbox(stdin="[room]The Mill[/room]\n").stdout == b"The Mill\n"
    assert sandbox("--to", "ansi16", stdin="[room]The Mill[/room]\n").stdout == b"\x1b[1;93mThe Mill\x1b[0m\n"


def on_a_terminal(env: dict[str, str], *args: str) -> bytes:
    """`sandbox render` with stdout on a pseudo-terminal, markup on stdin."""
    import os
    import pty

    python = str(PYTHON) if PYTHON.exists() else sys.executable
    main, child = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "TERM")}
    try:
        proc = subprocess.Popen(
            [python, "-m", "sandbox", "--game", str(ROOT), "render", *args],
            stdin=subprocess.PIPE, stdout=child, stderr=subprocess.PIPE, cwd=ROOT, env={**clean, **env},
        )  # fmt: skip
        os.close(child)
        proc.communicate(b"[room]The Mill[/room]", timeout=60)
        out = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the child side is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(main)
    return out.replace(b"\r\n", b"\n")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, b"\x1b[1;38;2;224;192;96mThe Mill\x1b[0m\n"),
        ({"TERM": "xterm-256color"}, b"\x1b[1;38;5;179mThe Mill\x1b[0m\n"),
        ({"TERM": "xterm"}, b"\x1b[1;93mThe Mill\x1b[0m\n"),
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"}, b"The Mill\n"),
        ({"TERM": "dumb"}, b"The Mill\n"),
    ],
)
def test_a_terminal_chooses_the_default_depth(env: dict[str, str], expected: bytes) -> None:
    assert on_a_terminal(env) == expected


def test_an_explicit_to_wins_over_the_terminal() -> None:
    assert on_a_terminal({"TERM": "xterm", "NO_COLOR": "1"}, "--to", "ansi16") == b"\x1b[1;93mThe Mill\x1b[0m\n"


def test_files_and_dash_as_arguments(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("[room]A[/room]\n", encoding="utf-8")
    second.write_text("B\n", encoding="utf-8")
    result = sandbox("--to", "plain", str(first), "-", str(second), stdin="from stdin\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"A\nfrom stdin\nB\n", b"")
    assert sandbox("--to", "plain", "-", stdin="x\n").stdout == b"x\n"
    missing = sandbox(str(tmp_path / "nope.txt"), stdin="")
    assert missing.returncode == 1 and b"nope.txt" in missing.stderr
    bad = sandbox(str(first), "-", stdin="[/y]")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("error: stdin: ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--to", "plain"], b"The Mill\n"),
        (["--to", "ansi16", "--theme", "mono"], b"\x1b[1mThe Mill\x1b[0m\n"),
        (["--to", "ansi256", "--theme", "high-contrast"], b"\x1b[1;93mThe Mill\x1b[0m\n"),
        (["--to", "html"], b'<span class="mk-room">The Mill</span>\n'),
        (["--to", "plain", "--width", "4"], b"The\nMill\n"),
    ],
)
def test_media_themes_and_width(args: list[str], expected: bytes) -> None:
    result = sandbox(*args, stdin="[room]The Mill[/room]\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, b"")


def test_standalone_html_page() -> None:
    result = sandbox("--to", "html", "--standalone", stdin="[room]<Mill>[/room]")
    assert result.returncode == 0
    page = result.stdout.decode()
    assert page.startswith("<!doctype html>") and '<span class="mk-room">&lt;Mill&gt;</span>' in page


def test_invalid_markup_exits_2_with_one_error_per_line() -> None:
    result = sandbox(stdin="ok [blod] [/y]\n[#12]\n")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        "error: column 4: unknown tag [blod]",
        "error: column 11: stray closing tag [/y]: no tag is open",
        "error: line 2, column 1: malformed colour '#12' (use #rrggbb) in [#12]",
    ]


def test_control_characters_in_input_are_errors() -> None:
    result = sandbox(stdin=b"a\x1b[31m b\n")
    assert result.returncode == 2
    assert result.stderr == b"error: column 2: control character U+001B is not allowed\n"


def test_non_utf8_input_does_not_crash() -> None:
    result = sandbox("--to", "plain", stdin=b"caf\xe9\n")
    assert (result.returncode, result.stdout) == (0, "caf\ufffd\n".encode())


def test_unknown_and_broken_themes(tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "bad.toml").write_text('[styles]\nroom = "blod"\n', encoding="utf-8")
    missing = sandbox("--theme", "nope", stdin="x", game=tmp_path)
    assert missing.returncode == 1
    assert "no theme 'nope'" in missing.stderr.decode() and "available: bad" in missing.stderr.decode()
    broken = sandbox("--theme", "bad", stdin="x", game=tmp_path)
    assert broken.returncode == 1
    assert broken.stderr.decode() == f"error: {tmp_path / 'themes' / 'bad.toml'}:2: styles.room: unknown style or colour 'blod'\n"
    traversal = sandbox("--theme", "../x", stdin="x", game=tmp_path)
    assert traversal.returncode == 1 and "invalid theme name" in traversal.stderr.decode()


def test_broken_default_theme_falls_back_to_the_built_in(tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "default.toml").write_text("room = [", encoding="utf-8")
    result = sandbox("--to", "ansi16", stdin="[room]x", game=tmp_path)
    assert result.returncode == 0
    assert result.stdout == b"\x1b[1;93mx\x1b[0m\n"
    assert "using the built-in default theme" in result.stderr.decode()


def test_game_option_after_the_subcommand(tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "red.toml").write_text('[styles]\nroom = "red"\n', encoding="utf-8")
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    result = subprocess.run(
        [python, "-m", "sandbox", "render", "--game", str(tmp_path), "--theme", "red", "--to", "ansi16"],
        input=b"[room]x", capture_output=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, b"\x1b[31mx\x1b[0m\n")


def test_standalone_needs_html() -> None:
    result = sandbox("--standalone", stdin="x")
    assert result.returncode == 2 and b"--standalone needs --to html" in result.stderr


# run() directly, as the main CLI calls it: no subprocess, so failures point at our code.


def namespace(**values: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    render_cli.register(sub)
    args = parser.parse_args(["render", *[str(v) for v in values.pop("argv", [])]])  # type: ignore[union-attr]
    args.game = values.get("game", ROOT)
    return args


def run_direct(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out))
    monkeypatch.setattr(sys, "stderr", err)
    code = render_cli.run(namespace(argv=argv))
    return code, out.getvalue().decode(), err.getvalue()


def test_register_declares_the_options() -> None:
    args = namespace()
    assert (args.to, args.theme, args.width, args.standalone, args.files) == (None, None, None, False, [])
    assert args.func is render_cli.run


def test_run_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_direct(monkeypatch, ["--to", "plain"], "[room]a[/room]\n") == (0, "a\n", "")
    code, out, err = run_direct(monkeypatch, [], "[blod]")
    assert (code, out, err) == (2, "", "error: column 1: unknown tag [blod]\n")
