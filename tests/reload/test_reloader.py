"""Editing real files in a running game: each save style, errors, recovery, deletion."""
from __future__ import annotations

import gc
import logging
import os
import time
import weakref

import pytest

from tests.reload.conftest import SAVE_STYLES, Live, save_by_rename, save_in_place

SAY_WORDING = "You say,"


def edit(live: Live, name: str, old: str, new: str, save=save_in_place) -> None:
    path = live.commands / name
    text = path.read_text()
    assert old in text
    save(path, text.replace(old, new))


@pytest.mark.parametrize("style", sorted(SAVE_STYLES))
def test_each_save_style_reloads_once_and_the_session_sees_it(live: Live, style: str) -> None:
    bea = live.h.login("Bea", "builder")
    assert 'You say, "hi"' in live.h.call(bea, "say hi")
    compiles = live.reloader.registry.compiles

    path = live.commands / "say.py"

    def front_end_timer() -> None:  # fires mid-save: a half-done save must not apply
        time.sleep(0.02)
        live.reloader.apply_pending()

    SAVE_STYLES[style](path, path.read_text().replace(SAY_WORDING, "You sing,"), front_end_timer)
    report = live.wait_for_report()
    live.quiet_period()

    assert report.swapped and report.changed == ("say",)
    assert len(live.reports) == 1, "one save must give exactly one reload"
    assert live.reloader.registry.compiles == compiles + 1
    assert "Reloaded commands/say.py: changed say." in bea.take()
    assert 'You sing, "hi"' in live.h.call(bea, "say hi")


def test_change_applies_at_the_next_input_without_a_timer(live: Live) -> None:
    alice = live.h.login("Alice")
    edit(live, "say.py", SAY_WORDING, "You whisper,")
    live.wait_until_due()  # nothing polls here: only the engine's input hook applies it
    assert 'You whisper, "psst"' in live.h.call(alice, "say psst")


def test_burst_of_writes_is_one_reload_with_the_last_content(live: Live) -> None:
    path = live.commands / "say.py"
    original = path.read_text()
    for n in range(5):  # an editor's autosave hammering the file, faster than the debounce
        save_in_place(path, original.replace(SAY_WORDING, f"You say ({n}),"))
        live.reloader.apply_pending()
        time.sleep(live.reloader.debounce / 4)
    live.wait_for_report()
    live.quiet_period()
    assert len(live.reports) == 1
    alice = live.h.login("Alice")
    assert 'You say (4), "x"' in live.h.call(alice, "say x")


def test_saving_without_changes_reloads_nothing(live: Live) -> None:
    path = live.commands / "say.py"
    save_in_place(path, path.read_text())
    os.utime(path)
    live.quiet_period()
    assert live.reports == []
    live.assert_watching()


def test_editor_droppings_are_ignored(live: Live) -> None:
    (live.commands / "say.py.tmp").write_text("syntax error (")
    (live.commands / "say.py~").write_text("syntax error (")
    (live.commands / ".say.py.swp").write_text("syntax error (")
    (live.commands / "__pycache__").mkdir(exist_ok=True)
    (live.commands / "__pycache__" / "say.py").write_text("syntax error (")
    (live.commands / "notes.txt").write_text("not a module")
    live.quiet_period()
    assert live.reports == []
    assert live.reloader.watcher.seconds_until_due() is None
    live.assert_watching()


def test_syntax_error_keeps_old_table_reports_to_builders_only_and_recovers(live: Live, caplog) -> None:
    alice, bea = live.h.login("Alice"), live.h.login("Bea", "builder")
    path = live.commands / "say.py"
    good = path.read_text()
    lines = good.splitlines()
    broken_line = next(i for i, l in enumerate(lines, 1) if "def say" in l)
    caplog.set_level(logging.ERROR, logger="sandbox.reload")

    save_by_rename(path, good.replace("def say(ctx):", "def say(ctx:"))
    report = live.wait_for_report()

    assert not report.swapped and report.errors
    notice = bea.take()
    assert f"commands/say.py:{broken_line}: SyntaxError" in notice
    assert "previous commands keep working" in notice
    assert alice.take() == "", "players see nothing of a failed reload"
    assert f"say.py:{broken_line}" in caplog.text
    assert 'You say, "still"' in live.h.call(alice, "say still")

    save_in_place(path, good.replace(SAY_WORDING, "You declare,"))
    fixed = live.wait_for_report()
    assert fixed.swapped and fixed.changed == ("say",)
    assert 'You declare, "fixed"' in live.h.call(alice, "say fixed")


def test_import_error_names_the_module_and_line(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    path = live.commands / "who.py"
    save_in_place(path, "from sandbox.api import command\nimport no_such_module_here\n")
    report = live.wait_for_report()
    assert not report.swapped
    text = bea.take()
    assert "commands/who.py:2: ModuleNotFoundError: No module named 'no_such_module_here'" in text
    assert "Online (1)" in live.h.call(bea, "who")


def test_exception_at_import_reports_traceback_with_line(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    path = live.commands / "who.py"
    save_in_place(path, path.read_text() + "\n\ndef boom():\n    raise RuntimeError('kaboom [error]x')\n\nboom()\n")
    report = live.wait_for_report()
    assert report.errors[0].line is not None and report.errors[0].message == "RuntimeError: kaboom [error]x"
    text = bea.take()
    assert "RuntimeError: kaboom [error]x" in text  # escaped markup shows literally
    assert "Traceback" in text and "in boom" in text


def test_new_file_adds_and_deleting_removes_commands(live: Live) -> None:
    alice = live.h.login("Alice")
    hello = live.commands / "hello.py"
    save_by_rename(hello, 'from sandbox.api import command\n\n@command("hello")\ndef hello(ctx):\n    """Wave."""\n    ctx.reply("Hello there.")\n')
    assert live.wait_for_report().added == ("hello",)
    assert "Hello there." in live.h.call(alice, "hello")

    hello.unlink()
    assert live.wait_for_report().removed == ("hello",)
    assert "Unknown command 'hello'" in live.h.call(alice, "hello")


def test_rekeyed_command_and_renamed_file(live: Live) -> None:
    alice = live.h.login("Alice")
    edit(live, "who.py", '@command("who"', '@command("people"')
    report = live.wait_for_report()
    assert (report.added, report.removed) == (("people",), ("who",))
    assert "Online" in live.h.call(alice, "people")

    os.rename(live.commands / "who.py", live.commands / "online.py")
    report = live.wait_for_report()
    assert {p.name for p in report.modules} == {"who.py", "online.py"}
    assert not report.has_changes  # same command, now from another file
    assert "Online" in live.h.call(alice, "people")
    assert live.h.game.engine.table.find("people").source.endswith("online.py")


def test_a_broken_file_holds_back_its_whole_batch_until_fixed(live: Live) -> None:
    alice = live.h.login("Alice")
    who = live.commands / "who.py"
    who_text = who.read_text()
    save_in_place(who, "this is not python\n")
    edit(live, "say.py", SAY_WORDING, "You mumble,")
    report = live.wait_for_report()
    live.quiet_period()
    assert not any(r.swapped for r in live.reports)
    assert 'You say, "a"' in live.h.call(alice, "say a"), "a good file in a failed batch waits"

    save_in_place(who, who_text)
    report = live.wait_for_report()
    assert report.swapped and {p.name for p in report.modules} == {"say.py", "who.py"}
    assert 'You mumble, "b"' in live.h.call(alice, "say b")


def test_old_command_functions_are_released_after_a_reload(live: Live) -> None:
    alice = live.h.login("Alice")
    live.h.call(alice, "say warm up")  # a command has run: contexts must not keep it alive
    ref = weakref.ref(live.h.game.engine.table.find("say").func)
    gc.collect()
    assert ref() is not None, "control: the serving function is alive"

    edit(live, "say.py", SAY_WORDING, "You speak,")
    live.wait_for_report()
    gc.collect()
    assert ref() is None, "the old module's function must be collectable"
    assert 'You speak, "x"' in live.h.call(alice, "say x")


def test_failed_reload_keeps_the_serving_function_alive(live: Live) -> None:
    ref = weakref.ref(live.h.game.engine.table.find("say").func)
    save_in_place(live.commands / "say.py", "def (\n")
    live.wait_for_report()
    gc.collect()
    assert ref() is not None


def test_before_input_hook_is_chained_and_restored(live: Live) -> None:
    engine = live.h.game.engine
    live.reloader.stop()
    calls: list[int] = []
    engine.before_input = lambda: calls.append(1)
    live.reloader.start()
    alice = live.h.login("Alice")
    live.h.call(alice, "look")
    assert calls == [1]
    assert engine.services["reloader"] is live.reloader
    live.reloader.stop()
    assert "reloader" not in engine.services
    live.h.call(alice, "look")
    assert calls == [1, 1]
