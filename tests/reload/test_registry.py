"""The registry without a watcher: what counts as a change, and what a batch applies."""
from __future__ import annotations

import os
from pathlib import Path

from sandbox.reload.loader import load_directory
from sandbox.reload.registry import CommandRegistry

CMD = 'from sandbox.api import command\n\n@command("{key}")\ndef f(ctx):\n    ctx.reply("{text}")\n'


def registry_with(folder: Path, **files: str) -> CommandRegistry:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text)
    _, loads = load_directory(folder)
    return CommandRegistry(folder, loads)


def test_moving_code_down_is_not_a_change_but_new_text_is(tmp_path: Path) -> None:
    reg = registry_with(tmp_path / "c", a=CMD.format(key="a", text="one"))
    path = tmp_path / "c" / "a.py"
    path.write_text("# a comment pushes everything down\n\n" + path.read_text())
    table, report = reg.reload([path])
    assert table is not None and report is not None and not report.has_changes
    path.write_text(path.read_text().replace("one", "two"))
    _, report = reg.reload([path])
    assert report is not None and report.changed == ("a",)


def test_unchanged_bytes_are_not_recompiled_unless_forced(tmp_path: Path) -> None:
    reg = registry_with(tmp_path / "c", a=CMD.format(key="a", text="one"))
    assert reg.reload([tmp_path / "c" / "a.py"]) == (None, None)
    assert reg.compiles == 0
    table, report = reg.reload(None)
    assert reg.compiles == 1 and table is not None and report is not None and not report.has_changes


def test_a_file_broken_at_start_does_not_block_other_edits(tmp_path: Path) -> None:
    reg = registry_with(tmp_path / "c", a=CMD.format(key="a", text="one"), b="def (\n")
    assert list(reg.broken) == [(tmp_path / "c" / "b.py").resolve()]
    a = tmp_path / "c" / "a.py"
    a.write_text(CMD.format(key="a", text="two"))
    table, report = reg.reload([a])
    assert table is not None and report is not None and report.changed == ("a",)
    assert reg.broken, "b stays reported as broken"


def test_cmdset_commands_and_behaviours_are_named_in_reports(tmp_path: Path) -> None:
    reg = registry_with(tmp_path / "c")
    path = tmp_path / "c" / "lever.py"
    path.write_text(
        "from sandbox.api import behaviour, command\n\n"
        '@command("pull", cmdset="lever")\ndef pull(ctx):\n    pass\n\n'
        '@behaviour("sway")\ndef sway(ctx):\n    pass\n'
    )
    _, report = reg.reload([path])
    assert report is not None and report.added == ("behaviour:sway", "lever:pull")


def test_same_size_edit_in_the_same_second_is_never_stale(tmp_path: Path) -> None:
    """The case where bytecode checks (mtime + size) hand back old code."""
    reg = registry_with(tmp_path / "c", a=CMD.format(key="a", text="v1"))
    path = tmp_path / "c" / "a.py"
    stat = path.stat()
    for version in ("v2", "v3", "v2"):
        path.write_text(CMD.format(key="a", text=version))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, same size
        table, report = reg.reload([path])
        assert table is not None and report is not None and report.changed == ("a",)
        assert version in table.find("a").func.__code__.co_consts
