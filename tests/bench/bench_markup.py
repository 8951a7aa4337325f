"""Markup rendering throughput, ours against Rich's Console, in one run.

Prints one JSON object. The headline keys (``ansi16_per_s``, ``truecolor_per_s``,
``html_per_s``, ``rich_console_per_s``) are UNCACHED: every message differs in its text
AND in its tag skeleton (which tags, in which order: drawn from semantic tags and a
palette of hex colours, ~360,000 combinations), so neither the message caches nor the
per-skeleton program cache (4,096 entries) help. ``*_same_skeleton_per_s`` keys keep one
skeleton and vary only the text (a live game's common case: the same room line with a
different name); ``*_cached_per_s`` keys send the same message again (a say to many players).
The varied messages here have a Rich twin (the same styles in Rich's markup) so the two
renderers do the same work; ``bench_markup_varied.py`` varies more (links, nesting, CJK
and emoji, wrapping at 80 cells), ours only.
Run: .venv/bin/python tests/bench/bench_markup.py
"""
from __future__ import annotations

import io
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rich.console import Console
from rich.text import Text

from sandbox.markup import clear_caches, plain, render

# An 80-character line with three styled spans (a semantic tag, an explicit hex colour
# and a nested one); {n:06d} keeps the length fixed while making each message unique.
TEMPLATE = "[room]The Old Mill[/room] squats by the [exit]north[/exit] road; [bold #e0c060]a lamp {n:06d}[/] glows warmly in its window."
# Semantic tags ours resolve through the theme; Rich gets the style each stands for.
SEMANTIC = {"room": "bold #e0c060", "exit": "cyan", "item": "yellow", "say": "green",
            "bold": "bold", "underline": "underline", "npc": "magenta"}
PALETTE = [f"#{r:02x}{g:02x}{b:02x}" for r in (0x20, 0x60, 0xa0, 0xe0) for g in (0x20, 0x60, 0xa0, 0xe0)
           for b in (0x20, 0x60, 0xa0, 0xe0)]
SECONDS = 3.0  # per measurement
ROUNDS = 5
MESSAGES = 600_000


def rate(work: Callable[[str], object], messages: list[str], seconds: float = SECONDS) -> int:
    """Calls per second of work(message), each call on the next message of the list
    (made beforehand, so building messages is not timed); best of ROUNDS rounds, since
    other work on a shared 2-core machine only ever makes a round slower."""
    best = 0.0
    index = 0
    for _ in range(ROUNDS):
        count = 0
        start = time.perf_counter()
        deadline = start + seconds / ROUNDS
        while True:
            for message in messages[index : index + 1000]:
                work(message)
            index = (index + 1000) % len(messages)
            count += 1000
            now = time.perf_counter()
            if now >= deadline:
                break
        best = max(best, count / (now - start))
    return round(best)


def varied(count: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """``count`` messages for us and the same for Rich, each with its own text and, almost
    always, its own tag skeleton (three spans, each a semantic tag or a hex colour)."""
    rng = random.Random(seed)
    tags = list(SEMANTIC) + PALETTE
    ours, theirs = [], []
    for n in range(count):
        picks = [rng.choice(tags) for _ in range(3)]
        words = [f"span{n % 97}", f"word{n % 89}", f"lamp {n:06d}"]
        ours.append(" ".join(f"[{tag}]{word}[/]" if tag.startswith("#") else f"[{tag}]{word}[/{tag}]"
                             for tag, word in zip(picks, words)) + " glows warmly by the north road.")
        theirs.append(" ".join(f"[{SEMANTIC.get(tag, tag)}]{word}[/]" for tag, word in zip(picks, words))
                      + " glows warmly by the north road.")
    return ours, theirs


def rich_console(system: str) -> Callable[[str], object]:
    console = Console(
        file=io.StringIO(), color_system=system, force_terminal=True,
        highlight=False, emoji=False, width=200, legacy_windows=False,
    )  # fmt: skip

    def work(markup: str) -> str:
        with console.capture() as capture:
            console.print(Text.from_markup(markup), end="")
        return capture.get()

    return work


def main() -> None:
    assert len(plain(TEMPLATE.format(n=0))) == 80, len(plain(TEMPLATE.format(n=0)))
    clear_caches()
    results: dict[str, object] = {
        "same_skeleton_message_chars": 80,
        "styled_spans": 3,
        "uncached": "headline keys: a different message and tag skeleton every iteration",
        "method": f"best of {ROUNDS} rounds, {SECONDS} s per measurement",
    }
    # More distinct messages than any run renders, so no message repeats (no cache hits).
    ours, theirs = varied(MESSAGES)
    results["varied_message_chars_mean"] = round(sum(len(plain(m)) for m in ours[:10_000]) / 10_000, 1)
    same_skeleton = [TEMPLATE.format(n=n) for n in range(MESSAGES)]
    # Warm up (untimed): the first second of a fresh process measured ~40% slow.
    rate(lambda markup: render(markup, "ansi16"), [TEMPLATE.format(n=-n) for n in range(1, 100_000)], 1.0)
    headline: dict[str, int] = {}
    for medium in ("ansi16", "truecolor", "html"):
        clear_caches()
        headline[medium] = results[f"{medium}_per_s"] = rate(lambda markup, medium=medium: render(markup, medium), ours)
    for medium in ("ansi16", "html"):
        clear_caches()
        results[f"{medium}_same_skeleton_per_s"] = rate(lambda markup, medium=medium: render(markup, medium), same_skeleton)
    fixed = [TEMPLATE.format(n=0)] * 1000
    results["ansi16_cached_per_s"] = rate(lambda markup: render(markup, "ansi16"), fixed)
    rich_standard = rate(rich_console("standard"), theirs)
    rich_truecolor = rate(rich_console("truecolor"), theirs)
    results["rich_console_ansi16_per_s"] = rich_standard
    results["rich_console_truecolor_per_s"] = rich_truecolor
    # The headline Rich number is the faster of its two paths, so ratios are conservative.
    results["rich_console_per_s"] = max(rich_standard, rich_truecolor)
    baseline = max(rich_standard, rich_truecolor)
    for medium in ("ansi16", "truecolor", "html"):
        results[f"{medium}_vs_rich"] = round(headline[medium] / baseline, 1)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
