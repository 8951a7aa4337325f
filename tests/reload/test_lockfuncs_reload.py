"""Lock functions live in command modules: saving the file changes what locks do."""
from __future__ import annotations

from tests.reload.conftest import Live, save_by_rename, save_in_place

MOON = 'from sandbox.api import lockfunc\n\n\n@lockfunc("moon")\ndef moon(check):\n    """moon(): {doc}"""\n    return {result}\n'


def test_a_saved_lockfunc_module_changes_lock_checks_at_the_next_line(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    alice = live.h.login("Alice")
    # Unknown functions are refused when a lock is set...
    assert "no lock function moon()" in live.h.call(bea, "lock east = traverse:moon()")

    save_in_place(live.commands / "moonlock.py", MOON.format(doc="always up", result="True"))
    report = live.wait_for_report()
    assert "lockfunc:moon" in report.added
    assert "Locked east: traverse:moon()" in live.h.call(bea, "lock east = traverse:moon()")
    assert live.h.call(alice, "east").startswith("Market Square")
    live.h.call(alice, "west")

    # An edit (by rename, as most editors save) takes effect without re-setting the lock.
    save_by_rename(live.commands / "moonlock.py", MOON.format(doc="never up", result="False"))
    report = live.wait_for_report()
    assert "lockfunc:moon" in report.changed
    assert live.h.call(alice, "east") == "It is locked."

    # Removing the module makes the lock deny everyone (fail closed), not crash.
    (live.commands / "moonlock.py").unlink()
    live.wait_for_report()
    assert live.h.call(alice, "east") == "It is locked."
    assert "moon()" in live.h.call(bea, "lock east")
