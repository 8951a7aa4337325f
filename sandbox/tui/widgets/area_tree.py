"""Areas and their rooms. Highlighting a room shows it in the inspector beside the tree;
``t`` teleports the builder there (on an area: to its first room); ``e`` edits its
description."""
from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree

from sandbox.engine.objects import Kind
from sandbox.engine.world import World
from sandbox.tui.literal import literal_text, toast


class AreaTree(Tree[int]):
    BINDINGS = [
        Binding("t", "teleport", "Teleport here"),
        Binding("e", "edit", "Edit description"),
    ]

    class RoomChosen(Message):
        def __init__(self, room_id: int, action: str) -> None:
            super().__init__()
            self.room_id = room_id
            self.action = action  # show | teleport | edit

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("Areas", **kwargs)
        self.show_root = False
        self.guide_depth = 2

    def rebuild(self, world: World, current_room: int | None) -> None:
        """Rebuild from the world, keeping which areas were open and the cursor's room."""
        opened = {str(node.label).rsplit("  (", 1)[0] for node in self.root.children if node.is_expanded}
        cursor_room = self.cursor_node.data if self.cursor_node is not None else None
        by_area: dict[str, list] = {name: [] for name in world.areas}
        for obj in world.objects.values():
            if obj.kind == Kind.ROOM:
                by_area.setdefault(obj.area or "(no area)", []).append(obj)
        self.clear()
        for area in sorted(by_area):
            rooms = sorted(by_area[area], key=lambda r: r.id)
            holds_current = any(r.id == current_room for r in rooms)
            node = self.root.add(literal_text(f"{area}  ({len(rooms)})"), expand=area in opened or holds_current)
            for room in rooms:
                label = literal_text(f"{room.name} ", style="bold" if room.id == current_room else "")
                label.append(f"#{room.id}", style="dim")
                node.add_leaf(label, data=room.id)
        wanted = cursor_room if cursor_room is not None else current_room
        if wanted is not None:
            self.call_after_refresh(self._move_to, wanted)

    def _move_to(self, room_id: int) -> None:
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is not None and node.data == room_id:
                self.cursor_line = line
                return

    def _chosen(self, action: str) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.data is not None:
            self.post_message(self.RoomChosen(node.data, action))
            return
        # An area node (they used to ignore t and e without a word).
        rooms = [child.data for child in node.children if child.data is not None]
        if not rooms:
            toast(self.app, "This area has no rooms yet.", severity="warning")
        elif action == "teleport":
            self.post_message(self.RoomChosen(rooms[0], action))  # the area's first room
        else:
            node.expand()
            toast(self.app, "An area has no description of its own: choose one of its rooms (↓), then e.")

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        event.stop()
        # Only the builder's own cursor moves choose a room, not a rebuild's.
        if event.node.data is not None and self.has_focus:
            self.post_message(self.RoomChosen(event.node.data, "show"))

    def action_teleport(self) -> None:
        self._chosen("teleport")

    def action_edit(self) -> None:
        self._chosen("edit")
