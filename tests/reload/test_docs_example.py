"""The worked example in docs/commands.md works as the guide says, edits included."""
from __future__ import annotations

import re

from tests.helpers import REPO
from tests.reload.conftest import Live, save_by_rename


def example_source() -> str:
    text = (REPO / "docs" / "commands.md").read_text()
    return re.search(r"```python\n(from sandbox.api import command\n.*?)```", text, re.S).group(1)


def test_bell_example_goes_live_and_keeps_its_count_across_an_edit(live: Live) -> None:
    alice, bob = live.h.login("Alice"), live.h.login("Bob")
    bell = live.commands / "bell.py"
    save_by_rename(bell, example_source())
    assert live.wait_for_report().added == ("ring",)
    assert "It has rung 2 times here." in live.h.call(alice, "ring 2")
    assert "Alice rings the bell. Dong!" in bob.take()

    save_by_rename(bell, example_source().replace("You ring the bell", "You swing the rope"))
    assert live.wait_for_report().changed == ("ring",)
    assert "You swing the rope 1 time(s). It has rung 3 times here." in live.h.call(alice, "ring")
