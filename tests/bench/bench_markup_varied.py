"""Markup throughput on messages whose tag structure differs every time.

``bench_markup.py`` renders one skeleton with a counter in it, so per-tag caches see the
same few tags in the same order. Here every message is built by a seeded generator:
different tags (semantic, colours, attributes, links), nesting depth, word lengths,
some CJK and emoji, so no two messages share a skeleton. ``ansi16_width80_per_s``
renders with telnet's wrapping on (terminal-cell widths), the path NAWS clients take.
Prints one JSON object. Run: .venv/bin/python tests/bench/bench_markup_varied.py
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_markup import ROUNDS, SECONDS, rate

from sandbox.markup import clear_caches, plain, render

MESSAGES = 200_000
SEMANTIC = ["room", "exit", "npc", "item", "title", "say", "error", "dim", "bold", "italic", "underline", "reverse"]
COLOURS = ["red", "green", "#e0c060", "#30a0ff", "color(208)", "bright_cyan", "on blue", "bold #ff8800 on #202020"]
WORDS = ["mill", "lantern", "river", "stone", "heron", "古い", "水車", "🐉", "café", "quiet", "a", "the", "north", "overgrown", "incomprehensibilities"]


def message(rng: random.Random, n: int) -> str:
    """One message: 4-14 words, some wrapped in 0-3 nested tags, and a unique number."""
    out: list[str] = []
    for _ in range(rng.randint(4, 14)):
        word = rng.choice(WORDS)
        depth = rng.choices([0, 1, 2, 3], weights=[5, 4, 2, 1])[0]
        opened: list[str] = []
        for _ in range(depth):
            kind = rng.random()
            if kind < 0.5:
                tag = rng.choice(SEMANTIC)
                opened.append(tag)
                out.append(f"[{tag}]")
            elif kind < 0.85:
                tag = rng.choice(COLOURS)
                opened.append(tag)
                out.append(f"[{tag}]")
            else:
                opened.append("link")
                out.append(f"[link=look {word}]")
        out.append(word)
        for tag in reversed(opened):
            out.append("[/]" if rng.random() < 0.3 else f"[/{tag}]")
        out.append(" ")
    out.append(f"#{n}")
    return "".join(out)


def main() -> None:
    rng = random.Random(13)
    messages = [message(rng, n) for n in range(MESSAGES)]
    skeletons = {plain(m).split("#")[0] for m in messages[:1000]}
    clear_caches()
    results: dict[str, object] = {
        "messages": MESSAGES,
        "distinct_skeletons_in_first_1000": len(skeletons),
        "mean_chars": round(sum(len(m) for m in messages[:10_000]) / 10_000),
        "method": f"best of {ROUNDS} rounds, {SECONDS} s per measurement, no message repeated",
    }
    rate(lambda m: render(m, "ansi16"), [message(rng, -n) for n in range(1, 50_000)], 1.0)  # warm up
    for medium in ("ansi16", "truecolor", "html"):
        clear_caches()
        results[f"{medium}_per_s"] = rate(lambda m, medium=medium: render(m, medium), messages)
    clear_caches()
    results["ansi16_width80_per_s"] = rate(lambda m: render(m, "ansi16", width=80), messages)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
