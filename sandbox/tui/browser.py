"""The standalone HTML preview: written to ``<game>/.sandbox/preview.html`` and opened
in a graphical browser when there is one (a text browser would take over the TUI's
terminal, so none is started without a display)."""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from sandbox.markup import Theme, html_page


def has_graphical_browser() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def write_and_open(game_dir: Path, source: str, theme: Theme) -> tuple[Path, bool]:
    path = game_dir / ".sandbox" / "preview.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_page(source, theme, title="sandbox preview"), encoding="utf-8")
    if not has_graphical_browser():
        return path, False
    import webbrowser

    # webbrowser.open can block for seconds while a browser starts: keep the UI live.
    threading.Thread(target=webbrowser.open, args=(path.as_uri(),), daemon=True).start()
    return path, True
