"""The `reload` builder command: a forced full reload that says what changed."""
from __future__ import annotations

from tests.reload.conftest import Live, save_in_place


def test_players_may_not_reload(live: Live) -> None:
    alice = live.h.login("Alice")
    assert "'reload' is a builder command" in live.h.call(alice, "reload")


def test_reload_lists_added_changed_removed(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    live.reloader.stop()  # edit behind the watcher's back: only `reload` picks it up
    say = live.commands / "say.py"
    save_in_place(say, say.read_text().replace("You say,", "You state,"))
    (live.commands / "who.py").unlink()
    save_in_place(live.commands / "wave.py", 'from sandbox.api import command\n\n@command("wave")\ndef wave(ctx):\n    ctx.reply("You wave.")\n')
    live.reloader.start()

    out = live.h.call(bea, "reload")
    assert "Added: wave" in out
    assert "Changed: say" in out
    assert "Removed: who" in out
    assert "You wave." in live.h.call(bea, "wave")
    assert "Nothing changed." in live.h.call(bea, "reload")


def test_reload_with_a_broken_module_shows_errors_and_keeps_serving(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    live.reloader.stop()
    save_in_place(live.commands / "emote.py", "from sandbox.api import command\n\nx = 1 / 0\n")
    live.reloader.start()
    out = live.h.call(bea, "reload")
    assert "commands/emote.py:3: ZeroDivisionError: division by zero" in out
    assert "previous commands keep working" in out
    assert "Bea waves" in live.h.call(bea, "emote waves")
    assert [str(e) for e in live.h.game.load_errors()] and "emote.py:3" in live.h.game.load_errors()[0]


def test_reload_cold_is_admin_only_and_needs_a_portal(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    assert "admin command" in live.h.call(bea, "reload --cold")
    root = live.h.login("Root", "admin")
    seen: list[str] = []
    live.h.game.engine.request_listeners.append(seen.append)
    assert "needs portal mode" in live.h.call(root, "reload --cold")
    assert seen == []
    live.h.game.engine.services["portal"] = object()  # what EngineHost lends in portal mode
    assert "Restarting the engine" in live.h.call(root, "reload --cold")
    assert seen == ["cold-reload"]


def test_reload_without_a_reloader_says_so(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    live.reloader.stop()
    assert "not running" in live.h.call(bea, "reload")
