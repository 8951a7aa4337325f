"""The vocabulary of the markup language, declared in one place.

Engine code and commands write semantic tags (``[room]``, ``[say]``); a theme decides
how each one looks in each medium. Adding a semantic tag means adding it here and giving
it a style in the shipped themes (tests check the shipped themes cover every tag).
"""
from __future__ import annotations

#: Semantic tags, in the order docs and themes list them.
SEMANTIC_TAGS: tuple[str, ...] = (
    "room",  # a room's name
    "exit",  # an exit or direction
    "npc",  # a non-player character
    "item",  # an object
    "player",  # another player's name
    "say",  # speech
    "emote",  # poses and emotes
    "channel",  # channel names and channel chatter
    "title",  # headings
    "help",  # help text
    "command",  # a command the player can type
    "prompt",  # the input prompt
    "info",  # neutral system notices
    "success",  # something worked
    "warning",  # something needs attention
    "error",  # something failed
)

#: Theme keys: every semantic tag, plus ``link`` (how clickable text looks where links
#: are clickable: HTML and the TUI). ``[link]`` alone is not a tag: links need a command.
THEME_KEYS: tuple[str, ...] = (*SEMANTIC_TAGS, "link")

#: Output media accepted by ``render(to=...)``.
MEDIA: tuple[str, ...] = ("plain", "ansi16", "ansi256", "truecolor", "html")

#: Media a theme may override styles for; ``tui`` is the Rich ``Text`` renderer.
THEME_MEDIA: tuple[str, ...] = ("ansi16", "ansi256", "truecolor", "html", "tui")

#: Style attributes and their bit in ``Style.attrs``.
ATTRIBUTES: dict[str, int] = {
    "bold": 1,
    "dim": 2,
    "italic": 4,
    "underline": 8,
    "reverse": 16,
    "strike": 32,
}
