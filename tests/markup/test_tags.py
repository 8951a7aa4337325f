"""The declared vocabulary stays unambiguous."""
from __future__ import annotations

import pytest

from sandbox.markup.colour import ANSI_NAMES, parse_colour
from sandbox.markup.tags import ATTRIBUTES, MEDIA, SEMANTIC_TAGS, THEME_KEYS, THEME_MEDIA


def test_required_semantic_tags_exist() -> None:
    required = "room exit npc item player say emote channel error prompt help title".split()
    assert set(required) <= set(SEMANTIC_TAGS)
    assert len(set(SEMANTIC_TAGS)) == len(SEMANTIC_TAGS)


@pytest.mark.parametrize("tag", SEMANTIC_TAGS)
def test_semantic_tags_never_collide_with_style_words(tag: str) -> None:
    assert tag not in ATTRIBUTES and tag not in ANSI_NAMES and tag not in ("on", "none", "link")
    assert parse_colour(tag) is None


def test_media() -> None:
    assert MEDIA == ("plain", "ansi16", "ansi256", "truecolor", "html")
    assert set(THEME_MEDIA) == {"ansi16", "ansi256", "truecolor", "html", "tui"}
    assert THEME_KEYS[-1] == "link"
