"""Hanging indents for HTML: a line that starts indented keeps that indent on the lines
the browser wraps it onto, as the ANSI wrap does for terminals.

CSS can only indent continuation lines of a block (``padding-left`` with a negative
``text-indent``), so each indented line of a fragment becomes a ``display:block`` span.
Spans may not cross it, so the tags open at its start are closed before it and opened
again inside it (and the same at its end). Its own newlines go: a block already breaks
the line, and the page's ``innerText`` stays the plain text.
"""
from __future__ import annotations

import re

from sandbox.markup import cells

_INDENTED = re.compile(r"(?:^|\n)(?:<[^>]*>)*[ \t]")
_TAGS = re.compile(r"(<[^>]*>)")
_LEAD = re.compile(r"[ \t]*")


def hang_indents(fragment: str) -> str:
    """``fragment`` (our HTML: spans, links, escaped text) with each indented line made a
    hanging-indent block; unchanged (and fast) when no line is indented."""
    if _INDENTED.search(fragment) is None:
        return fragment
    lines: list[list[str]] = [[]]
    for piece in _TAGS.split(fragment):
        if piece.startswith("<"):  # text never starts with "<": it is escaped as &lt;
            lines[-1].append(piece)
            continue
        first, *rest = piece.split("\n")
        lines[-1].append(first)
        lines.extend([part] for part in rest)
    out: list[str] = []
    stack: list[str] = []
    previous_hang = False
    for number, line in enumerate(lines):
        text = "".join(p for p in line if not p.startswith("<"))
        lead = _LEAD.match(text)
        indent = lead.group() if lead else ""
        hang = bool(indent) and len(indent) < len(text)
        if number and not (hang or previous_hang):
            out.append("\n")
        if hang:
            out.append(_close(stack))
            if number and not previous_hang and not "".join(p for p in lines[number - 1] if not p.startswith("<")):
                # An empty line just before the block: text's trailing newline draws no
                # line of its own there, so an empty block one line high stands in.
                out.append('<span class="mk-blank"></span>')
            out.append(f'<span class="mk-hang" style="--mk-i:{cells.width(indent)}ch">')
            out.extend(stack)
        for piece in line:
            out.append(piece)
            if piece.startswith("</"):
                stack.pop()
            elif piece.startswith("<"):
                stack.append(piece)
        if hang:
            out.append(_close(stack) + "</span>" + "".join(stack))
        previous_hang = hang
    return "".join(out)


def _close(stack: list[str]) -> str:
    return "".join("</a>" if tag.startswith("<a") else "</span>" for tag in reversed(stack))
