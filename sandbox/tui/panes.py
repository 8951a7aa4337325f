"""The contents of the tabs other than Play, made after the first room is on screen.

They are hidden at startup, yet mounting them (a TextArea, a Select, a DataTable, a Tree
and some forty other widgets to style) cost about as much as everything on screen. The
app composes their TabPanes empty, shows the room, then mounts these; a key that needs
a pane sooner (F2-F5, F6) mounts them at once. Their modules are imported here, not by
app.py, for the same reason.

Why not ``textual.lazy.Lazy``, which exists for hidden tab panes: it needs the widgets
(so their modules) built at compose time, mounts them after the first refresh (before
the room has arrived, so the first room waits behind them), and offers nothing to mount
them sooner or to wait for them; app.py needs all three (``_ensure_panes``).
"""
from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget

#: Pane id → the tab's only child, in mount order.
PANE_IDS = ("areas", "markup", "reload", "sessions", "history")


def build_panes() -> dict[str, Widget]:
    from sandbox.tui.widgets.area_tree import AreaTree
    from sandbox.tui.widgets.history import HistoryPanel
    from sandbox.tui.widgets.inspector import Inspector
    from sandbox.tui.widgets.map_view import MapView
    from sandbox.tui.widgets.preview import MarkupPreview
    from sandbox.tui.widgets.reload_panel import ReloadPanel
    from sandbox.tui.widgets.resets import ResetsPanel
    from sandbox.tui.widgets.sessions import SessionsPanel

    return {
        "areas": Horizontal(
            AreaTree(id="area-tree"),
            Vertical(
                Inspector(id="area-inspector", classes="inspector"),
                MapView(id="area-map", classes="map"),
                ResetsPanel(id="area-resets"),
                id="area-side",
            ),
        ),
        "markup": MarkupPreview(id="preview"),
        "reload": ReloadPanel(id="reload-panel"),
        "sessions": SessionsPanel(id="sessions-panel"),
        "history": HistoryPanel(id="history-panel"),
    }
