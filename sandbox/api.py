"""The public API for command modules: the one import a command file needs.

    from sandbox.api import command

    @command("hello", aliases=["hi"], perm="player")
    def hello(ctx):
        \"\"\"Greet someone. Usage: hello [name]\"\"\"
        ctx.reply(f"Hello, {ctx.escape(ctx.args) or 'world'}!")

Keep state in the world (``ctx.set_attr(obj, key, value)``), not in module globals:
modules are re-executed from source on every edit, attributes are saved and survive.
"""
from __future__ import annotations

from sandbox.engine.commands import Behaviour, Command, behaviour, command
from sandbox.engine.context import Context
from sandbox.engine.describe import describe_object, describe_room, name_markup, room_info
from sandbox.engine.locks import (
    LockCheck,
    LockError,
    LockFunc,
    format_locks,
    lockfunc,
    parse_expr,
    parse_lockstring,
)
from sandbox.engine.mailbox import leave_message
from sandbox.engine.objects import GameObject, Kind, Perm, from_doc
from sandbox.engine.world import DIRECTIONS, WorldError, direction_of
from sandbox.markup import validate

__all__ = [
    "Behaviour",
    "Command",
    "Context",
    "DIRECTIONS",
    "GameObject",
    "Kind",
    "Perm",
    "WorldError",
    "behaviour",
    "command",
    "describe_object",
    "describe_room",
    "direction_of",
    "from_doc",
    "leave_message",
    "name_markup",
    "room_info",
    "validate",
]

from sandbox.engine.building import find_exit, make_exit, opposite, parse_names, parse_value, spec_names

__all__ += ["find_exit", "make_exit", "opposite", "parse_names", "parse_value", "spec_names"]

__all__ += ["LockCheck", "LockError", "LockFunc", "format_locks", "lockfunc", "parse_expr", "parse_lockstring"]
