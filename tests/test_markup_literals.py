"""Every complete markup string written in the code is valid markup.

A mistyped tag (`[system]`, which the language does not have) renders literally in
every client, and nothing else would notice.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sandbox.markup import validate

ROOT = Path(__file__).resolve().parent.parent


def _markup_literals() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted([*ROOT.joinpath("sandbox").rglob("*.py"), *ROOT.joinpath("commands").glob("*.py")]):
        if "markup" in path.parts:  # the language's own tests of malformed input live there
            continue
        tree = ast.parse(path.read_text(), str(path))
        in_fstring = {id(n) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for n in ast.walk(node)}
        # Docstrings are help text, shown escaped, not markup.
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring | docstrings:
                if "[/" in node.value and "\n" not in node.value[:1]:
                    found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


LITERALS = _markup_literals()


def test_the_scan_finds_the_markup_in_the_code():
    assert len(LITERALS) > 10


@pytest.mark.parametrize("where,line,text", LITERALS, ids=[f"{w}:{l}" for w, l, _ in LITERALS])
def test_markup_literal_is_valid(where, line, text):
    assert validate(text) == [], f"{where}:{line}: {text!r}"
