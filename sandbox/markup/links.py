"""Taking the link out of ``[link=COMMAND]`` tags whose command the caller distrusts.

A link in world text (a room description, an exit's name) is a button that runs its
command *as the reader*. The engine decides which commands are too powerful to be one
click away in text someone else wrote (:mod:`sandbox.engine.link_guard`); this module
only edits the markup: the link's tags go, its label stays, so the reader sees the
words and nothing runs. Tags are matched exactly as the parser matches them (malformed
tags are text, ``[/]`` closes the innermost tag), so the result has the same styling
and every other link untouched.
"""
from __future__ import annotations

from collections.abc import Callable

from sandbox.markup.parser import _SPLIT, Close, Frame, _find_open, _parse_tag
from sandbox.markup.safety import strip_controls


def disarm_links(markup: str, dangerous: Callable[[str], bool]) -> str:
    """Markup with every link whose command ``dangerous`` accepts turned into its plain label."""
    if "[link=" not in markup.lower():
        return markup  # the common case, and cheap
    parts = _SPLIT(strip_controls(markup))
    stack: list[tuple[Frame, int]] = []
    dropped: set[int] = set()  # indexes (into parts) of tags to remove
    changed = False
    for index in range(1, len(parts), 2):
        token = parts[index]
        if token == "[[":
            continue
        tag = _parse_tag(token[1:-1])
        if isinstance(tag, str):
            continue
        if isinstance(tag, Close):
            found = _find_open(stack, tag.name)
            if found is not None:
                if stack[found][1] in dropped:
                    dropped.add(index)
                del stack[found]
            continue
        stack.append((tag, index))
        if tag.command is not None and dangerous(tag.command):
            dropped.add(index)
            changed = True
    if not changed:
        return markup
    return "".join(part for i, part in enumerate(parts) if i not in dropped)
