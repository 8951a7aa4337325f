"""The colour depth a terminal wants, from the conventions every colour tool follows.

Explicit choices win elsewhere (``--to``, ``--colour``); this is only the default:
output that is not a terminal gets plain text, ``NO_COLOR`` (https://no-color.org) turns
colour off, ``TERM=dumb`` too, ``COLORTERM=truecolor|24bit`` asks for 24-bit colour,
a ``TERM`` naming 256 colours gets 256, any other terminal 16.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO


def default_depth(stream: TextIO, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        tty = False
    if not tty or env.get("NO_COLOR") or env.get("TERM", "") == "dumb":
        return "plain"
    return terminal_depth(env)


def terminal_depth(environ: Mapping[str, str] | None = None) -> str:
    """The depth of a terminal we know we are on (ignores isatty)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM", "") == "dumb":
        return "plain"
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    if "256" in env.get("TERM", ""):
        return "ansi256"
    return "ansi16"
