"""Read a batch-code file of the shape we write back into an area export, without running it.

The file is parsed with :mod:`ast`; only module-level constants (``AREA``,
``AREA_DESC``, ``SANDBOX_FORMAT``) and ``place(...)`` calls whose arguments are literals
are read. Nothing in it is executed, so a file from anywhere is safe to import.

Texts: when a ``place`` call carries ``source`` (our markup) and that markup still
renders to the Evennia text in the file, the markup is taken as it was (semantic tags
survive the round trip). When someone edited the Evennia text since, the edited text
wins and is read back from its ``|``-codes.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from sandbox.evennia.batchcode import FORMAT
from sandbox.evennia.codes import to_markup
from sandbox.evennia.translate import MESSAGE_PREFIX, ObjectSpec, to_doc
from sandbox.markup import Theme
from sandbox.markup.evennia import render_evennia

#: The area-export format the reader produces (sandbox.store.transfer.FORMAT).
AREA_FORMAT = "sandbox-area/1"

_KEYWORDS = {
    "aliases", "location", "destination", "desc", "attributes", "tags", "locks", "permissions",
    "cmdsets", "behaviours", "prototype", "area", "start", "source",
}  # fmt: skip


class EvenniaFileError(Exception):
    """A file that is not a batch-code file of our shape; the message says where."""


def read_batchcode(path: Path, theme: Theme | None = None) -> dict[str, Any]:
    """The area export (sandbox-area/1) a batch-code file describes."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvenniaFileError(f"{path}: cannot read ({exc})") from exc
    return parse_batchcode(source, str(path), theme)


def parse_batchcode(source: str, name: str = "<batch file>", theme: Theme | None = None) -> dict[str, Any]:
    try:
        tree = ast.parse(source, name)
    except SyntaxError as exc:
        raise EvenniaFileError(f"{name}:{exc.lineno}: not Python ({exc.msg})") from None
    constants: dict[str, Any] = {}
    calls: list[ast.Call] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("SANDBOX_FORMAT", "AREA", "AREA_DESC"):
                constants[node.targets[0].id] = _literal(node.value, name)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and func.id == "place":
                calls.append(node.value)
    if constants.get("SANDBOX_FORMAT") != FORMAT:
        raise EvenniaFileError(f"{name}: not a batch-code file written by `sandbox export --to evennia` (no SANDBOX_FORMAT = {FORMAT!r})")
    area = constants.get("AREA")
    if not isinstance(area, str) or not area:
        raise EvenniaFileError(f"{name}: AREA must name the area")
    objects = []
    start = None
    for call in calls:
        spec = _spec(call, name)
        desc = _markup(spec.desc, spec.source.get("desc"), theme)
        messages = {
            key: _markup(value, spec.source.get(key), theme)
            for key, value in spec.attributes.items()
            if key.startswith(MESSAGE_PREFIX) and isinstance(value, str)
        }
        objects.append(to_doc(spec, area, desc, messages))
        if spec.start:
            start = spec.sandbox_id
    objects.sort(key=lambda doc: doc["id"])
    data: dict[str, Any] = {"format": AREA_FORMAT, "area": {"name": area, "desc": constants.get("AREA_DESC", "")}, "objects": objects}
    if start is not None:
        data["start_room"] = start
    return data


def _literal(node: ast.expr, name: str) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        raise EvenniaFileError(f"{name}:{node.lineno}: only literal values can be read back (found {ast.unparse(node)[:60]})") from None


def _spec(call: ast.Call, name: str) -> ObjectSpec:
    where = f"{name}:{call.lineno}"
    if len(call.args) != 3:
        raise EvenniaFileError(f"{where}: place() takes an id, a kind and a key")
    sandbox_id, kind, key = (_literal(arg, name) for arg in call.args)
    if not isinstance(sandbox_id, int) or isinstance(sandbox_id, bool) or kind not in ("room", "exit", "thing", "character") or not isinstance(key, str):
        raise EvenniaFileError(f"{where}: place() needs an id number, a kind (room, exit, thing, character) and a key")
    spec = ObjectSpec(sandbox_id, kind, key)
    for keyword in call.keywords:
        if keyword.arg not in _KEYWORDS:
            raise EvenniaFileError(f"{where}: place() has no argument {keyword.arg!r}")
        value = _literal(keyword.value, name)
        expected = {"aliases": list, "tags": list, "permissions": list, "cmdsets": list, "attributes": dict, "locks": dict,
                    "behaviours": dict, "source": dict, "desc": str, "start": bool}.get(keyword.arg)  # fmt: skip
        if expected is not None and not isinstance(value, expected):
            raise EvenniaFileError(f"{where}: {keyword.arg} must be a {expected.__name__}")
        if keyword.arg in ("location", "destination") and value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise EvenniaFileError(f"{where}: {keyword.arg} must be a sandbox id number")
        setattr(spec, keyword.arg, value)
    return spec


def _markup(text: str, source: str | None, theme: Theme | None) -> str:
    """Our markup for an Evennia text: its source if that still renders to it, else read from the codes."""
    if source is not None and render_evennia(source, theme).text == text:
        return source
    if render_evennia(text, theme).text == text:
        return text  # no codes, and nothing our markup would read as a tag
    return to_markup(text)
