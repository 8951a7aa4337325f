"""Telnet and web players connected to this world: name, address, client (the browser,
for web players), colour depth, idle time, with kick (``k``)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from sandbox.engine.core import Engine
from sandbox.tui.literal import literal_text

FRONTENDS_SHOWN = ("telnet", "web")  # web: browsers (sandbox.web); the client column names the browser


def idle_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def session_rows(engine: Engine) -> list[tuple[int, tuple[str, str, str, str, str]]]:
    now = engine.clock.now()
    rows = []
    for session in sorted(engine.sessions.values(), key=lambda s: s.id):
        if session.info.frontend not in FRONTENDS_SHOWN:
            continue
        char = engine.world.get(session.character_id)
        name = char.name if char is not None else f"#{session.character_id}"
        rows.append(
            (session.id, (name, session.info.address or "?", session.info.client or "?", session.info.colour, idle_text(now - session.last_input_at)))
        )
    return rows


class SessionsPanel(Vertical):
    BINDINGS = [Binding("k", "kick", "Kick player")]

    class Kick(Message):
        def __init__(self, session_id: int) -> None:
            super().__init__()
            self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield Static(id="sessions-status")
        table: DataTable[str] = DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        # Columns here, not in on_mount: a parent's Mount can come before its children's
        # under load, and the query would fail.
        for label in ("name", "address", "client", "colour", "idle"):
            table.add_column(label, key=label)
        yield table

    def show(self, engine: Engine, listener: str | None) -> None:
        table = self.query_one(DataTable)
        rows = session_rows(engine)
        keep = table.cursor_row
        table.clear()
        for session_id, cells in rows:
            table.add_row(*(literal_text(cell) for cell in cells), key=str(session_id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        where = f"telnet listening on {listener}" if listener else "no telnet listener (start with: sandbox --telnet PORT)"
        self.query_one("#sessions-status", Static).update(Text(f"{len(rows)} telnet player(s) · {where}", style="dim"))

    def action_kick(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value is not None:
            self.post_message(self.Kick(int(row_key.value)))
