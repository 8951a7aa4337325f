"""No text from the world can be parsed as Textual markup on any TUI surface.

Two checks: one reads the code of sandbox/tui (every call that puts text on a widget
gets an object made by ``sandbox.tui.literal``, Rich ``Text`` or ``Content``, or a fixed
string), the other runs the app with Hypothesis-made names, descriptions, says and
markup errors full of ``[``, ``]``, ``[/x]``, ``[@click=app.quit]`` and Textual markup,
pushes them through every surface with Pilot, and checks the app still runs and shows
them literally, while a spy fails on any markup string reaching a widget.
"""
from __future__ import annotations

import ast
import asyncio
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import DataTable, Static, Tree
from textual.widgets._toast import Toast
from textual.widgets._tree import TreeNode

import sandbox.tui
from sandbox.engine.clock import VirtualClock
from sandbox.engine.objects import Kind, Perm
from sandbox.engine.session import ClientInfo
from sandbox.game import open_game
from sandbox.markup import escape
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.area_tree import AreaTree
from sandbox.tui.widgets.output import OutputPane

from .test_app import wait_for

TUI = Path(sandbox.tui.__file__).parent

# -- the code ---------------------------------------------------------------------------
#: Calls that put their (first, or every positional) argument on screen.
SINK_CALLS = {"Static", "Label", "update", "add", "add_leaf", "add_row", "write", "SystemCommand", "Hit", "DiscoveryHit"}
#: Attributes Textual parses as markup when given a str.
SINK_ATTRS = {"border_title", "border_subtitle", "title", "sub_title"}
#: Callables known to return Text/Content (literal by construction).
SAFE_CALLS = {"literal", "literal_text", "Text", "Content", "assemble", "styled", "from_ansi", "render_rich", "highlighted"}


def _returns_object(tree: ast.Module) -> set[str]:
    """Functions of the module annotated to return Text or Content."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            if ast.unparse(node.returns) in {"Text", "Content"}:
                names.add(node.name)
    return names


def _typed_names(func: ast.AST) -> set[str]:
    """Parameters and locals of a function that hold Text/Content (by annotation or by
    being assigned only from a safe call)."""
    safe: set[str] = set()
    if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for arg in func.args.args + func.args.kwonlyargs:
            if arg.annotation is not None and ast.unparse(arg.annotation) in {"Text", "Content"}:
                safe.add(arg.arg)
    return safe


def _assigned_safe(func: ast.AST, safe_calls: set[str], safe: set[str]) -> set[str]:
    """Locals every assignment of which is a safe expression (``label = Text(...)``)."""
    verdicts: dict[str, bool] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            verdicts[name] = verdicts.get(name, True) and _is_safe(node.value, safe_calls, safe)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            verdicts[node.target.id] = verdicts.get(node.target.id, True) and ast.unparse(node.annotation) in {"Text", "Content"}
    return safe | {name for name, ok in verdicts.items() if ok}


def _is_safe(expr: ast.expr, safe_calls: set[str], safe_names: set[str]) -> bool:
    if isinstance(expr, ast.Constant):
        return not isinstance(expr.value, str) or "[" not in expr.value  # our own fixed words
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in safe_calls
    if isinstance(expr, ast.Name):
        return expr.id in safe_names
    if isinstance(expr, ast.Starred):
        return _is_safe(expr.value, safe_calls, safe_names)
    if isinstance(expr, (ast.List, ast.Tuple)):
        return all(_is_safe(e, safe_calls, safe_names) for e in expr.elts)
    if isinstance(expr, (ast.GeneratorExp, ast.ListComp)):
        return _is_safe(expr.elt, safe_calls, safe_names)
    if isinstance(expr, ast.IfExp):
        return _is_safe(expr.body, safe_calls, safe_names) and _is_safe(expr.orelse, safe_calls, safe_names)
    return False  # f-strings, concatenation, %, .format(), names of unknown type


def unsafe_sinks(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    safe_calls = SAFE_CALLS | _returns_object(tree)
    problems: list[str] = []
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    scopes: list[ast.AST] = [tree, *funcs]
    seen: set[int] = set()
    for scope in reversed(scopes):  # innermost first, so a call is judged in its function
        safe_names = _assigned_safe(scope, safe_calls, _typed_names(scope))
        for node in ast.walk(scope):
            if id(node) in seen:
                continue
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "notify" and path.name != "literal.py":
                    seen.add(id(node))
                    problems.append(f"{where}: notify() directly (use literal.toast, which turns markup off)")
                elif name in SINK_CALLS and node.args:
                    seen.add(id(node))
                    args = node.args if name in {"add_row", "SystemCommand"} else node.args[:1]
                    if name in {"Hit", "DiscoveryHit"}:  # the shown text, and the help
                        args = [node.args[1 if name == "Hit" else 0], *(k.value for k in node.keywords if k.arg == "help")]
                    if name == "SystemCommand":  # Textual parses titles and help itself
                        args = args[:2]
                        bad = [a for a in args if not (isinstance(a, ast.Constant) or (isinstance(a, ast.JoinedStr) and _fixed_fstring(a)))]
                    else:
                        bad = [a for a in args if not _is_safe(a, safe_calls, safe_names)]
                    if name in {"add", "write", "update"} and isinstance(func, ast.Attribute) and not _is_widget_receiver(func):
                        bad = []  # set.add, list-like adds: not widgets
                    problems += [f"{where}: {name}({ast.unparse(a)})" for a in bad]
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in SINK_ATTRS:
                        seen.add(id(node))
                        if not _is_safe(node.value, safe_calls, safe_names):
                            problems.append(f"{where}: .{target.attr} = {ast.unparse(node.value)}")
    return problems


def _fixed_fstring(node: ast.JoinedStr) -> bool:
    """An f-string over loop variables of fixed tuples (``f"Show {tab} panel"``) is
    allowed in SystemCommand only when its holes are plain names of our constants."""
    return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id == "tab") for v in node.values)


def _is_widget_receiver(func: ast.Attribute) -> bool:
    receiver = ast.unparse(func.value)
    return receiver == "self" or any(word in receiver for word in ("root", "node", "log", "query_one", "table", "web", "status", "widget"))


def test_the_code_puts_no_markup_string_on_a_widget() -> None:
    problems = [p for path in sorted(TUI.rglob("*.py")) for p in unsafe_sinks(path)]
    assert problems == []


def test_the_code_check_catches_a_raw_string(tmp_path: Path) -> None:
    """The checker above is not vacuous: each unsafe shape is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(self, room, name):\n"
        "    self.notify(f'Teleported to {room.name}')\n"
        "    self.query_one(Static).update(f'editing {name}')\n"
        "    node.add_leaf(room.name)\n"
        "    self.border_title = 'Room ' + name\n"
        "    table.add_row(*cells)\n"
        "    yield SystemCommand(f'Kick {name}', 'x', cb)\n"
    )
    assert len(unsafe_sinks(sample)) == 6


# -- the running app -------------------------------------------------------------------
FRAGMENTS = ["[", "]", "[/x]", "[@click=app.quit]", "[b]", "[/]", "[red]", "[/color]", "[$accent]", "[link=look]", "$x", "\\", "Ω", "古", "x", "ab", " "]
hostile = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join).map(str.strip).filter(lambda s: len(s) >= 2 and not s.startswith(("#", "$", "\\")) and "[" in s)


class MarkupSpy:
    """Fails the test when a str with ``[`` reaches a widget's text entry points."""

    def __init__(self) -> None:
        self.leaks: list[str] = []

    def install(self, mp: pytest.MonkeyPatch) -> None:
        def guard(cls: type, method: str, pick: Callable[..., list[object]]) -> None:
            original = getattr(cls, method)

            def wrapper(*args: object, **kwargs: object) -> object:
                for value in pick(*args, **kwargs):
                    if isinstance(value, str) and "[" in value:
                        self.leaks.append(f"{cls.__name__}.{method}: {value!r}")
                return original(*args, **kwargs)

            mp.setattr(cls, method, wrapper)

        guard(Static, "update", lambda self, content="", **k: [content])
        guard(TreeNode, "add", lambda self, label, *a, **k: [label])
        guard(TreeNode, "add_leaf", lambda self, label, *a, **k: [label])
        guard(DataTable, "add_row", lambda self, *cells, **k: list(cells))
        guard(App, "notify", lambda self, message, **k: [] if k.get("markup") is False else [message, k.get("title", "")])


def _room_names(tree: Tree[int]) -> list[str]:
    out: list[str] = []

    def walk(node: TreeNode[int]) -> None:
        out.append(node.label.plain)
        for child in node.children:
            walk(child)

    walk(tree.root)
    return out


def _plain(value: object) -> str:
    if isinstance(value, (Text, Content)):
        return value.plain
    return str(value)


def _toast_shows(app: App[object], text: str) -> bool:
    """A toast on screen whose rendered text contains ``text`` exactly."""
    return any(text in toast.render().plain for toast in app.screen.query(Toast))  # type: ignore[union-attr]


async def _drive(game_dir: Path, room: str, thing: str, desc: str, said: str, bad: str, player: str) -> None:
    game = open_game(game_dir, clock=VirtualClock(1000.0), seed=1)
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await wait_for(pilot, lambda: "Village Green" in "\n".join(app.query_one(OutputPane).log_widget.plain_lines()))
        with game.engine.turn():
            char = game.world.create(Kind.CHARACTER, player, location=game.world.start_room(), perm=Perm.BUILDER)
        game.engine.connect(char, lambda m: None, ClientInfo(frontend="telnet", client="tintin++", address="127.0.0.1:5", colour="ansi256"))
        for line in (f"name here = {room}", f"desc here = {escape(desc)}", f"create/npc {thing}", f"say {said}"):
            app.frontend.send(line)
        await wait_for(pilot, lambda: thing in app.query_one("#play-inspector Static", Static).content.plain)  # type: ignore[union-attr]
        inspector = app.query_one("#play-inspector Static", Static).content.plain  # type: ignore[union-attr]
        assert room in inspector and desc in inspector
        assert f"@ {room}" in app.query_one("#play-map", Static).content.plain  # type: ignore[union-attr]
        assert said in "\n".join(app.query_one(OutputPane).log_widget.plain_lines())

        # Completion toast: the thing's name, literally.
        command = app.query_one("#command")
        command.value = "look " + thing[0]  # type: ignore[attr-defined]
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: thing in command.value or any(n.title == "Completions" and thing.rsplit(" ", 1)[-1] in n.message for n in app._notifications))  # type: ignore[attr-defined]

        # The area tree and teleport (toast with the room's name).
        await pilot.press("f2")
        tree = app.query_one(AreaTree)
        await wait_for(pilot, lambda: any(label.startswith(room) for label in _room_names(tree)))
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data is not None)
        await pilot.press("t")
        await wait_for(pilot, lambda: _toast_shows(app, f"Teleported to {room}."))

        # Sessions panel: the player's name in a cell.
        await pilot.press("f5")
        table = app.query_one("#sessions-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        assert _plain(table.get_row_at(0)[0]) == player

        # The markup editor: an invalid text saved gives an error toast quoting it.
        await pilot.press("f6")
        area = app.query_one("#preview-source")
        area.text = bad  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _toast_shows(app, "Not saved: line 1, column 33: closing tag [/color] does not match"))

        # The palette: the thing's entry, literally.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one("#--input").value = "Edit description"  # type: ignore[attr-defined]
        options = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: any(thing in str(options.get_option_at_index(i).prompt) for i in range(options.option_count)), timeout=5)
        await pilot.press("escape")

        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert app.is_running


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sandbox.game import init_game

    return init_game(tmp_path_factory.mktemp("literal") / "game")


@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# The two crashes: a quoted closing tag in a toast, a bracketed name completed.
@example(room="[/x]", thing="[red]rusty anchor[/red]", desc="[@click=app.quit]q[/]", said="[b]hi[/b]", bad="", player="[$accent]Eve")
@given(room=hostile, thing=hostile, desc=hostile, said=hostile, bad=hostile, player=hostile)
def test_hostile_text_on_every_surface_is_shown_literally(template: Path, monkeypatch: pytest.MonkeyPatch, room: str, thing: str, desc: str, said: str, bad: str, player: str) -> None:
    spy = MarkupSpy()
    with monkeypatch.context() as mp:
        spy.install(mp)
        with tempfile.TemporaryDirectory() as tmp:
            game_dir = Path(tmp) / "game"
            shutil.copytree(template, game_dir, ignore=shutil.ignore_patterns("backups", ".sandbox"))
            asyncio.run(_drive(game_dir, room, thing, desc, said, "Tar smell. A [color(208)]lantern[/color] hangs. " + bad, player))
    assert spy.leaks == []
