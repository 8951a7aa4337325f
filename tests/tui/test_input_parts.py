from pathlib import Path

from sandbox.completion import common_prefix, completions
from sandbox.tui.history import History


def test_history_survives_a_restart_and_walks_like_a_shell(tmp_path: Path) -> None:
    path = tmp_path / ".sandbox" / "tui_history"
    first = History(path)
    for line in ("look", "dig Cellar", "dig Cellar", "", "north"):
        first.add(line)
    again = History(path)
    assert again.entries == ["look", "dig Cellar", "north"]
    assert again.previous("half-typed") == "north"
    assert again.previous("") == "dig Cellar"
    assert again.next() == "north"
    assert again.next() == "half-typed"
    assert again.next() is None


def test_history_file_is_compacted(tmp_path: Path) -> None:
    history = History(tmp_path / "h", limit=5)
    for n in range(12):
        history.add(f"say {n}")
    assert History(tmp_path / "h", limit=5).entries == [f"say {n}" for n in range(7, 12)]
    assert len((tmp_path / "h").read_text().splitlines()) <= 10


def test_completion_of_commands_then_objects() -> None:
    first = ["dig", "drop", "east", "look"]
    rest = ["notice board", "old well", "Whiskers"]
    assert completions("d", first, rest) == ["dig", "drop"]
    assert completions("ea", first, rest) == ["east"]
    assert completions("look no", first, rest) == ["look notice board"]
    assert completions("look wh", first, rest) == ["look Whiskers"]
    assert completions("give old w", first, rest) == ["give old well", "give old Whiskers"]
    assert common_prefix(["dig", "drop"]) == "d"
