"""Theme files edited while the game runs: new styles from the next message on, a broken
theme reported with file:line while the previous version stays in use."""
from __future__ import annotations

from sandbox.markup import render
from tests.reload.conftest import Live, save_by_rename, save_in_place


def error_in(live: Live, colour: str = "ansi16") -> str:
    return render("[error]oops[/error]", colour, live.reloader.themes.get("default"))


def test_theme_edit_restyles_the_next_message(live: Live) -> None:
    before = error_in(live)
    assert "\x1b[1;31m" in before  # bold red
    path = live.themes / "default.toml"
    save_by_rename(path, path.read_text().replace('error = "bold red"', 'error = "underline green"'))
    report = live.wait_for_theme()
    assert report.errors == () and path.resolve() in report.paths
    after = error_in(live)
    assert after != before and "\x1b[4;32m" in after


def test_broken_theme_is_reported_with_line_and_previous_theme_stays(live: Live) -> None:
    bea, alice = live.h.login("Bea", "builder"), live.h.login("Alice")
    before = error_in(live)
    path = live.themes / "default.toml"
    good = path.read_text()
    line = next(i for i, l in enumerate(good.splitlines(), 1) if l.startswith("error ="))
    save_in_place(path, good.replace('error = "bold red"', 'error = "blorp"'))
    report = live.wait_for_theme()
    assert report.errors
    notice = bea.take()
    assert f"themes/default.toml:{line}: styles.error: unknown style or colour 'blorp'" in notice
    assert "previous theme stays" in notice
    assert alice.take() == ""
    assert error_in(live) == before

    save_in_place(path, good.replace('error = "bold red"', 'error = "yellow"'))
    assert live.wait_for_theme().errors == ()
    assert error_in(live) != before


def test_new_theme_file_appears(live: Live) -> None:
    path = live.themes / "dusk.toml"
    save_by_rename(path, (live.themes / "default.toml").read_text().replace('name = "default"', 'name = "dusk"'))
    live.wait_for_theme()
    assert live.reloader.themes.get("dusk") is not None
