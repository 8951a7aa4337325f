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

from sandbox.area_files import import_file as import_area_file
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
from sandbox.engine.prototypes import PrototypeError, apply_changes, planned_changes, spawn, spawned_from
from sandbox.engine.prototypes import validate as validate_prototype
from sandbox.engine.resets import checked_resets, describe_rule, format_duration, parse_duration, ref, ref_id
from sandbox.engine.world import DIRECTIONS, WorldError, direction_of
from sandbox.markup import validate
from sandbox.store.transfer import TransferError

__all__ = [
    "Behaviour",
    "Command",
    "Context",
    "DIRECTIONS",
    "GameObject",
    "Kind",
    "Perm",
    "PrototypeError",
    "TransferError",
    "WorldError",
    "apply_changes",
    "behaviour",
    "checked_resets",
    "command",
    "describe_rule",
    "describe_object",
    "describe_room",
    "direction_of",
    "format_duration",
    "from_doc",
    "import_area_file",
    "leave_message",
    "name_markup",
    "parse_duration",
    "planned_changes",
    "ref",
    "ref_id",
    "room_info",
    "spawn",
    "spawned_from",
    "validate",
    "validate_prototype",
]

from sandbox.engine.building import find_exit, make_exit, opposite, parse_names, parse_value, spec_names

__all__ += ["find_exit", "make_exit", "opposite", "parse_names", "parse_value", "spec_names"]

__all__ += ["LockCheck", "LockError", "LockFunc", "format_locks", "lockfunc", "parse_expr", "parse_lockstring"]
