"""The tokenizer: markup in, styled runs out. Every renderer reads the same parse.

A run is a stretch of text with the tags open over it (outermost first) and the link it
belongs to. Runs keep *tags*, not resolved styles, so one parse serves every theme and
medium; HTML needs the tags themselves (one class per semantic tag).

A parse is stored as a ``Parsed``: the message's *program* (what its tags mean, shared by
every message with the same tags) and the text of each run. Renderers cache their output
template per program, so a message costs a regex split, a lookup and a join.

Malformed tags are kept as literal text, so rendering never fails; ``validate`` reports
the same problems with a line and column for builders.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, cast

from sandbox.markup.safety import control_positions, strip_controls
from sandbox.markup.style import Style, StyleError, parse_style
from sandbox.markup.tags import SEMANTIC_TAGS

# `[[` is an escaped `[`; a tag is `[` ... `]` on one line with no `[` inside.
# The `[[` branch comes first so escaped text is consumed in pairs.
_TOKEN = re.compile(r"\[\[|\[[^\[\]\n]*\]")
_SPLIT = re.compile(f"({_TOKEN.pattern})").split
_SEMANTIC = frozenset(SEMANTIC_TAGS)


@dataclass(frozen=True, eq=False, slots=True)
class Frame:
    """One opened tag. Frames are interned per tag text (see _parse_tag), and hashed by
    identity, so a tuple of frames is a cheap cache key for style resolution."""

    key: str  #: what a closing tag must say: "room", "bold red", "link"
    semantic: str | None = None
    style: Style | None = None
    command: str | None = None  #: set for links only


class Close(NamedTuple):
    name: str  #: "" for `[/]`


class Link(NamedTuple):
    command: str
    opened: int  #: which token opened it: tells two adjacent links to one command apart


class Run(NamedTuple):
    text: str
    frames: tuple[Frame, ...]  #: semantic and style tags, outermost first; never links
    link: Link | None


@dataclass(frozen=True, eq=False, slots=True)
class Program:
    """What a skeleton's tags mean: per group, the frames and link over its text.

    Interned per skeleton and hashed by identity: renderers key their templates on it.
    """

    pick: Callable[[list[str]], tuple[str, ...]]  #: the groups' texts from the text slots
    frames: tuple[tuple[Frame, ...], ...]
    links: tuple[Link | None, ...]


class Parsed(NamedTuple):
    """A parsed message: its program and one text per group (possibly empty)."""

    program: Program
    texts: tuple[str, ...]

    @property
    def runs(self) -> list[Run]:
        """The non-empty runs, for renderers that walk them one by one."""
        program = self.program
        return [Run(*run) for run in zip(self.texts, program.frames, program.links) if run[0]]

    def with_texts(self, texts: Sequence[str]) -> Parsed:
        return Parsed(self.program, tuple(texts))


# NamedTuple's generated __new__ is Python; tuple.__new__ builds the same object in C.
_new_parsed = tuple.__new__


@dataclass(frozen=True, slots=True)
class MarkupError:
    """A problem in markup, for builders. ``column`` and ``line`` are 1-based."""

    column: int
    reason: str
    line: int = 1

    def __str__(self) -> str:
        where = f"column {self.column}" if self.line == 1 else f"line {self.line}, column {self.column}"
        return f"{where}: {self.reason}"


@lru_cache(maxsize=4096)
def _parse_tag(content: str) -> Frame | Close | str:
    """A tag's meaning from the text between its brackets, or an error reason (a str).

    Cached: the tag vocabulary of a game is small, so real traffic almost always hits,
    and the cache is what interns frames.
    """
    shown = f"[{content}]"
    text = content.strip()
    if text.startswith("/"):
        name = " ".join(text[1:].lower().split())
        return Close(name)
    lowered = text.lower()
    if lowered.startswith("link="):
        command = text[5:].strip()
        if not command:
            return f"{shown} needs a command: [link=COMMAND]"
        return Frame("link", command=command)
    if not lowered:
        return "empty tag []"
    if lowered == "link":
        return "[link] needs a command: [link=COMMAND]"
    if lowered in _SEMANTIC:
        return Frame(lowered, semantic=lowered)
    try:
        style = parse_style(lowered)
    except StyleError as exc:
        if len(lowered.split()) == 1 and str(exc).startswith("unknown style"):
            return f"unknown tag {shown}"
        return f"{exc} in {shown}"
    return Frame(" ".join(lowered.split()), style=style)


def _close_hint(stack: list[tuple[Frame, int]], name: str) -> str:
    """How to close the open tag a mismatched closing tag probably meant: ``[/color]``
    after ``[color(208)]`` means ``[/color(208)]`` (a closing tag repeats the whole
    opening tag) or ``[/]``."""
    for frame, _ in reversed(stack):
        key = frame.key
        if frame.command is None and name and (key.startswith(name + "(") or name in key.split()):
            innermost = frame is stack[-1][0]
            return f"; to close [{key}] write [/{key}]" + (" or [/]" if innermost else "")
    return ""


def _describe(frame: Frame) -> str:
    return f"[link={frame.command}]" if frame.command is not None else f"[{frame.key}]"


# A message's *skeleton* is its sequence of tokens; its text slots (the text between
# tokens) are what changes from message to message ("[player]Ann[/player] says ...").
# Compiling a skeleton once into groups makes parsing a message one regex split plus a
# few joins: the measured difference between ~40k and >100k renders/s.
Group = tuple["int | tuple[int | str, ...]", tuple[Frame, ...], "Link | None"]


def _compile(tokens: tuple[str, ...], errors: list[tuple[int, str]] | None = None,
             offsets: list[int] | None = None) -> tuple[Group, ...]:  # fmt: skip
    """Groups for a skeleton: (items, frames, link), where items are text slot numbers
    and literal strings (escaped brackets, malformed tags) joined into one run's text.

    Text slot ``i`` is the text just before token ``i``. With ``errors``, problems are
    appended as (offset, reason), using ``offsets`` (each token's position).
    """
    groups: list[Group] = []
    stack: list[tuple[Frame, int]] = []
    frames: tuple[Frame, ...] = ()
    link: Link | None = None
    items: list[int | str] = [0]

    def report(index: int, reason: str) -> None:
        if errors is not None:
            errors.append((offsets[index] if offsets is not None else 0, reason))

    for index, token in enumerate(tokens):
        literal: str | None = None
        if token == "[[":
            literal = "["
        else:
            tag = _parse_tag(token[1:-1])
            if isinstance(tag, str):
                report(index, tag)
                literal = token  # malformed markup renders literally
            elif isinstance(tag, Close):
                found = _find_open(stack, tag.name)
                if found is None:
                    if not stack:
                        report(index, f"stray closing tag {token}: no tag is open")
                    else:
                        report(index, f"closing tag {token} does not match any open tag "
                               f"(innermost is {_describe(stack[-1][0])})" + _close_hint(stack, tag.name))  # fmt: skip
                    literal = token
                else:
                    del stack[found]
            else:
                stack.append((tag, index))
        if literal is not None:
            items += (literal, index + 1)
            continue
        groups.append((_simplify(items), frames, link))
        items = [index + 1]
        frames = tuple(frame for frame, _ in stack if frame.command is None)
        link = None
        for frame, opened in reversed(stack):
            if frame.command is not None:
                link = Link(frame.command, opened)
                break
    groups.append((_simplify(items), frames, link))
    return tuple(groups)


def _simplify(items: list[int | str]) -> int | tuple[int | str, ...]:
    """Merge adjacent literals; a lone text slot becomes just its number (the fast case)."""
    merged: list[int | str] = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return merged[0] if len(merged) == 1 and isinstance(merged[0], int) else tuple(merged)


@lru_cache(maxsize=4096)
def _program(tokens: tuple[str, ...]) -> Program:
    groups = _compile(tokens)
    items = [group[0] for group in groups]
    pick: Callable[[list[str]], tuple[str, ...]]
    if all(isinstance(item, int) for item in items):
        slots = cast(list[int], items)  # every item is an int: checked just above
        # itemgetter picks every group's text in one C call (the common case: no
        # escaped brackets or malformed tags in the message).
        if len(slots) > 1:
            pick = itemgetter(*slots)
        else:
            only = slots[0]

            def pick(texts: list[str]) -> tuple[str, ...]:
                return (texts[only],)
    else:

        def pick(texts: list[str], items: list[Any] = items) -> tuple[str, ...]:
            return tuple([
                texts[item] if isinstance(item, int)
                else "".join([texts[part] if isinstance(part, int) else part for part in item])
                for item in items
            ])  # fmt: skip

    return Program(pick, tuple(group[1] for group in groups), tuple(group[2] for group in groups))


def scan(text: str) -> Parsed:
    """Parse markup that is already free of control characters."""
    parts = _SPLIT(text)
    program = _program(tuple(parts[1::2]))
    return _new_parsed(Parsed, (program, program.pick(parts[0::2])))


def _find_open(stack: list[tuple[Frame, int]], name: str) -> int | None:
    """Index of the innermost open tag a closing tag names (`[/]`: the innermost)."""
    if not stack:
        return None
    if not name:
        return len(stack) - 1
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0].key == name:
            return index
    return None


@lru_cache(maxsize=4096)
def parse(markup: str) -> Parsed:
    """Parse markup, control characters removed. Cached: a message sent to many players
    is parsed once."""
    return scan(strip_controls(markup))


def validate(markup: str) -> list[MarkupError]:
    """Every problem in ``markup``, in order. Tags left open at the end are fine."""
    found: list[tuple[int, str]] = [
        (offset, f"control character U+{ord(char):04X} is not allowed")
        for offset, char in control_positions(markup)
    ]
    matches = list(_TOKEN.finditer(markup))
    _compile(tuple(m.group() for m in matches), found, [m.start() for m in matches])
    found.sort(key=lambda item: item[0])
    return [_at(markup, offset, reason) for offset, reason in found]


def _at(markup: str, offset: int, reason: str) -> MarkupError:
    line = markup.count("\n", 0, offset) + 1
    column = offset - (markup.rfind("\n", 0, offset) + 1) + 1
    return MarkupError(column, reason, line)


