"""Area resets at a glance (Areas tab): per area, when the next pass runs and what the last
one did. It redraws itself once a second while shown (the countdown moves), reading the
engine's :class:`sandbox.engine.resets.AreaResets`; it never changes anything."""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from sandbox.engine.core import Engine
from sandbox.engine.resets import format_duration


def reset_text(engine: Engine) -> Text:
    """Plain Rich text (world names are never parsed as markup)."""
    now = engine.clock.now()
    resets = engine.resets
    text = Text("Resets", style="bold")
    shown = 0
    for name in sorted(engine.world.areas):
        area = engine.world.areas[name]
        rules = area.resets.get("rules") or []
        last = resets.last.get(name)
        if not rules and last is None:
            continue
        shown += 1
        due = resets.next_due(name)
        when = f"next in {format_duration(max(0.0, due - now))}" if due is not None else "no timer"
        text.append(f"\n{name}", style="bold")
        text.append(f"  {len(rules)} rule(s), {when}", style="dim")
        if last is not None:
            text.append(f"\n  last ({format_duration(max(0.0, now - last.at))} ago): {last.summary()}")
    if not shown:
        text.append("\nNo area has resets (help area).", style="dim")
    return text


class ResetsPanel(Static):
    DEFAULT_CSS = "ResetsPanel { height: auto; max-height: 12; padding: 0 1; }"

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        engine: Any = getattr(self.app, "engine", None)
        if isinstance(engine, Engine) and self.is_attached and self.display:
            self.update(reset_text(engine))
