"""The architecture's layer rules, read from the source with ast."""
from __future__ import annotations

import ast
import inspect
import re
import textwrap
from pathlib import Path

import pytest

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


# -- the command API: sandbox.api's names and ctx's methods, as docs/commands.md lists them ---------
#: Context attributes that are the engine's wiring, or kept only for old modules: never API.
NOT_API = {"engine", "world", "session", "changed"}


def _api_docs() -> str:
    text = (ROOT / "docs" / "commands.md").read_text()
    start = text.index("## The command API")
    return text[start : text.index("### Old names", start)]


def _documented_ctx() -> set[str]:
    """Every ``ctx.<name>`` the API section shows in an example."""
    return {name for code in re.findall(r"`([^`]*)`", _api_docs()) for name in re.findall(r"\bctx\.([a-z_]+)", code)}


def _documented_api_names() -> set[str]:
    """The names in the first column of the `from sandbox.api import ...` table."""
    section = _api_docs().split("### `from sandbox.api import ...`", 1)[1].split("###", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}


def _context_api() -> set[str]:
    """Context's public names: its methods and properties, and what __init__ sets."""
    from sandbox.engine.context import Context

    init = ast.parse(textwrap.dedent(inspect.getsource(Context.__init__)))
    assigned = {
        node.attr for node in ast.walk(init)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
        and isinstance(node.ctx, ast.Store)
    }
    return {n for n in {*dir(Context), *assigned} if not n.startswith("_")} - set(dir(object))


def _ctx_uses(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        (node.lineno, node.attr) for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ctx"
    ]


def _api_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        (node.lineno, alias.name) for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "sandbox.api" for alias in node.names
    ]


def test_command_modules_use_only_the_documented_ctx_api():
    documented = _documented_ctx() - NOT_API
    bad = [
        f"commands/{path.name}:{line} uses ctx.{name}"
        for path in sorted((ROOT / "commands").glob("*.py"))
        for line, name in _ctx_uses(path)
        if name not in documented
    ]
    assert bad == []


def test_command_modules_import_only_what_sandbox_api_exports():
    import sandbox.api

    bad = [
        f"commands/{path.name}:{line} imports {name}"
        for path in sorted((ROOT / "commands").glob("*.py"))
        for line, name in _api_imports(path)
        if name not in sandbox.api.__all__
    ]
    assert bad == []


def test_every_ctx_method_is_documented_with_an_example_and_nothing_else_is():
    api = _context_api() - NOT_API
    documented = _documented_ctx()
    assert sorted(api - documented) == [], "Context names docs/commands.md does not show in an example"
    assert sorted(documented - api - NOT_API) == [], "docs/commands.md shows ctx names Context does not have"


def test_sandbox_api_exports_exactly_the_documented_names():
    import sandbox.api

    assert sorted(sandbox.api.__all__) == sorted(_documented_api_names())
    assert all(hasattr(sandbox.api, name) for name in sandbox.api.__all__)


def test_old_api_names_still_import_with_a_warning():
    import sandbox.api

    with pytest.warns(DeprecationWarning, match=r"ctx\.make_exit\(room, spec, destination\)"):
        make_exit = sandbox.api.make_exit
    from sandbox.engine.building import make_exit as real

    assert make_exit is real
    with pytest.raises(AttributeError):
        sandbox.api.no_such_name  # noqa: B018


def test_the_ctx_checker_catches_engine_and_world_reaches(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from sandbox.api import command, make_exit\n\ndef f(ctx):\n    ctx.engine.save_world()\n    ctx.world.get(1)\n    ctx.reply('x')\n")
    assert {name for _line, name in _ctx_uses(bad)} == {"engine", "world", "reply"}
    assert {"engine", "world"}.isdisjoint(_documented_ctx() - NOT_API)
    assert "reply" in _documented_ctx()
    assert [name for _line, name in _api_imports(bad)] == ["command", "make_exit"]


def test_the_checker_catches_a_forbidden_edge(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import asyncio\nfrom sandbox.tui.app import App\n")
    assert _imports(bad) == ["asyncio", "sandbox.tui.app"]


def test_evennia_handoff_reads_documents_not_the_engine():
    # It translates area exports (plain JSON documents); the CLI hands it one.
    assert _violations("sandbox/evennia", FRONT_ENDS + SHELLS + ("sandbox.engine", "sandbox.store", "sandbox.game")) == []
