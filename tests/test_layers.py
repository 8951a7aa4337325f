"""The architecture's layer rules, read from the source with ast."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_ENDS = ("textual", "telnetlib3", "websockets", "watchdog", "prompt_toolkit", "asyncio", "socket", "selectors", "threading")
SHELLS = ("sandbox.tui", "sandbox.net", "sandbox.cli", "sandbox.reload", "sandbox.transcript", "sandbox.portal", "sandbox.web", "sandbox.driver")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    return bad


def test_engine_imports_no_front_end_or_io_library():
    assert _violations("sandbox/engine", FRONT_ENDS + SHELLS + ("sandbox.store",)) == []


def test_markup_imports_nothing_else_of_the_project():
    assert _violations("sandbox/markup", FRONT_ENDS + SHELLS + ("sandbox.engine", "sandbox.store", "sandbox.game")) == []


def test_store_does_not_import_front_ends():
    assert _violations("sandbox/store", FRONT_ENDS + SHELLS) == []


def test_command_modules_import_only_the_public_api():
    bad = []
    for path in sorted((ROOT / "commands").glob("*.py")):
        for name in _imports(path):
            if name.startswith("sandbox") and name != "sandbox.api":
                bad.append(f"{path.name} imports {name}")
    assert bad == []


def test_the_checker_catches_a_forbidden_edge(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncio\nfrom sandbox.tui.app import App\n")
    assert _imports(bad) == ["asyncio", "sandbox.tui.app"]


def test_evennia_handoff_reads_documents_not_the_engine():
    # It translates area exports (plain JSON documents); the CLI hands it one.
    assert _violations("sandbox/evennia", FRONT_ENDS + SHELLS + ("sandbox.engine", "sandbox.store", "sandbox.game")) == []
