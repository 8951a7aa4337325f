"""Word wrap by terminal cells, for plain text, ANSI text and styled runs alike.

One algorithm decides where lines break on the *visible* text and returns edits
(replace offsets start..end with a newline and the indent); the edits are then applied to
whatever carries that text: runs, or the text pieces between escape sequences.
"""
from __future__ import annotations

import re

from sandbox.markup import cells
from sandbox.markup.parser import Parsed

# Zero-width sequences: an MXP secure-mode tag, CSI (SGR and friends), OSC, other ESC x.
_ESCAPES = re.compile(
    r"\x1b\[\d*z(?:<[^>\n]*>)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)
_TOKENS = re.compile(r"[ \t]+|[^ \t]+")

Edit = tuple[int, int, str]


def visible_length(text: str) -> int:
    """Terminal cells a line takes: escape sequences count nothing, wide characters two,
    combining marks none, tabs up to the next 8-column stop (see ``cells``)."""
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return cells.width(text)


def break_edits(text: str, width: int) -> list[Edit]:
    """Where to break ``text`` (no escape codes) so no line is wider than ``width``
    terminal cells."""
    edits: list[Edit] = []
    if width < 1:
        return edits
    offset = 0
    for line in text.split("\n"):
        # len() is a lower bound on cells only for ASCII without tabs; otherwise measure.
        if len(line) > width or (not line.isascii() or "\t" in line) and cells.width(line) > width:
            _wrap_line(line, offset, width, edits)
        offset += len(line) + 1
    return edits


def _wrap_line(line: str, base: int, width: int, edits: list[Edit]) -> None:
    # ASCII without tabs (most lines) is one cell per character: measure with spans
    # alone, keeping the cell-width calls for the lines that need them.
    simple = line.isascii() and "\t" not in line
    lead = len(line) - len(line.lstrip(" \t"))
    lead_cells = lead if simple else cells.width(line[:lead])
    # Continuation lines keep the indent, unless it would leave too little room.
    indent = line[:lead] if lead_cells <= width // 2 else ""
    indent_cells = cells.width(indent)
    newline = "\n" + indent
    col = 0
    gap: tuple[int, int] | None = None  # whitespace seen since the last word
    line_start: int | None = None  # index in edits of the break that began this line

    def fresh_line(at: int, end: int) -> None:
        nonlocal col, line_start
        edits.append((base + at, base + end, newline))
        line_start = len(edits) - 1
        col = indent_cells

    for match in _TOKENS.finditer(line):
        start, end = match.span()
        if line[start] in " \t":
            if start == 0:
                col = lead_cells  # the line's own indent
            else:
                gap = (start, end)
            continue
        length = end - start if simple else cells.width(line[start:end])  # no tabs in a word
        if gap is not None:
            after_gap = col + gap[1] - gap[0] if simple else cells.advance(line[gap[0] : gap[1]], col)
            if after_gap + length <= width:
                col = after_gap + length
                gap = None
                continue
            fresh_line(*gap)
            gap = None
        if col + length <= width:
            col += length
            continue
        if length <= width and col == (indent_cells if line_start is not None else lead_cells):
            # A word that fits the width but not after the indent: give it a line with no
            # indent rather than split a word that fits the width.
            if line_start is not None:
                edits[line_start] = (*edits[line_start][:2], "\n")
            else:
                edits.append((base + start, base + start, "\n"))
                line_start = len(edits) - 1
            col = length
            continue
        # Longer than a line: split it between graphemes (never inside a wide character,
        # a base and its combining marks, or an emoji sequence).
        # Only a line with room left must take a piece (a too-wide lead breaks first).
        at_line_start = col == (indent_cells if line_start is not None else lead_cells) and col < width
        while True:
            rest = line[start:end]
            fits = cells.split_at(rest, width - col, force=at_line_start)
            if fits == len(rest):
                col += cells.width(rest)
                break
            start += fits
            fresh_line(start, start)
            at_line_start = True


def apply_edits(pieces: list[str], edits: list[Edit]) -> list[str]:
    """Apply edits made on ``"".join(pieces)`` to the pieces, keeping piece boundaries
    (a replaced gap may span pieces: the newline goes where the gap starts)."""
    out: list[str] = []
    index = 0
    pos = 0
    skip_until = 0
    for piece in pieces:
        piece_end = pos + len(piece)
        parts: list[str] = []
        cursor = max(pos, skip_until)
        while index < len(edits) and edits[index][0] < piece_end:
            start, end, replacement = edits[index]
            parts.append(piece[cursor - pos : start - pos])
            parts.append(replacement)
            index += 1
            if end <= piece_end:
                cursor = end
            else:
                cursor, skip_until = piece_end, end
                break
        if cursor < piece_end:
            parts.append(piece[cursor - pos :])
        out.append("".join(parts))
        pos = piece_end
    return out


def wrap(text: str, width: int) -> str:
    """Wrap plain or ANSI text to ``width`` terminal cells, keeping indentation and
    never splitting a word that fits in the width."""
    if "\x1b" not in text:
        edits = break_edits(text, width)
        return apply_edits([text], edits)[0] if edits else text
    parts = _ESCAPES.split(text)  # text pieces; the escapes are found again below
    escapes = _ESCAPES.findall(text)
    edits = break_edits("".join(parts), width)
    if not edits:
        return text
    parts = apply_edits(parts, edits)
    out = [parts[0]]
    for escape, part in zip(escapes, parts[1:]):
        out += [escape, part]
    return "".join(out)


def wrap_parsed(parsed: Parsed, width: int) -> Parsed:
    """Wrap a parse's texts (the edits land in the runs that hold the text)."""
    edits = break_edits("".join(parsed.texts), width)
    if not edits:
        return parsed
    return parsed.with_texts(apply_edits(list(parsed.texts), edits))
