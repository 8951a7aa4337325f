"""The public API for command modules: the one import a command file needs.

    from sandbox.api import command

    @command("hello", aliases=["hi"], perm="player")
    def hello(ctx):
        \"\"\"Greet someone. Usage: hello [name]\"\"\"
        ctx.reply(f"Hello, {ctx.escape(ctx.args) or 'world'}!")

This module holds the decorators and the types a command names; everything a command
*does* is a method of the ``ctx`` it is given (:class:`Context`; docs/commands.md lists
them all, each with an example). One style: no free function here takes a world.

Keep state in the world (``ctx.set_attr(obj, key, value)``), not in module globals:
modules are re-executed from source on every edit, attributes are saved and survive.
"""
from __future__ import annotations

import importlib
import warnings
from typing import Any

from sandbox.engine.commands import Behaviour, Command, behaviour, command
from sandbox.engine.context import Context
from sandbox.engine.locks import LockCheck, LockError, lockfunc
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.prototypes import PrototypeError
from sandbox.engine.tracked import AttrValueError
from sandbox.engine.world import WorldError
from sandbox.store.transfer import TransferError

__all__ = [
    "AttrValueError",
    "Behaviour",
    "Command",
    "Context",
    "GameObject",
    "Kind",
    "LockCheck",
    "LockError",
    "Perm",
    "PrototypeError",
    "TransferError",
    "WorldError",
    "behaviour",
    "command",
    "lockfunc",
]

#: Names this module exported before the API was the context's methods: command modules
#: in existing games may still import them. They keep working, with a DeprecationWarning
#: naming what to use instead; they are not part of the API and will go.
_DEPRECATED: dict[str, tuple[str, str]] = {
    "DIRECTIONS": ("sandbox.engine.world", "ctx.direction_of(name) and ctx.opposite(name)"),
    "direction_of": ("sandbox.engine.world", "ctx.direction_of(name)"),
    "find_exit": ("sandbox.engine.building", "ctx.find_exit(room, name)"),
    "make_exit": ("sandbox.engine.building", "ctx.make_exit(room, spec, destination)"),
    "opposite": ("sandbox.engine.building", "ctx.opposite(name)"),
    "parse_names": ("sandbox.engine.building", "ctx.parse_names(spec)"),
    "parse_value": ("sandbox.engine.building", "ctx.parse_value(text)"),
    "spec_names": ("sandbox.engine.building", "ctx.spec_names(*specs)"),
    "leave_message": ("sandbox.engine.mailbox", "ctx.leave_message(char, markup)"),
    "validate": ("sandbox.markup", "ctx.markup_errors(text)"),
    "describe_object": ("sandbox.engine.describe", "ctx.look(obj)"),
    "describe_room": ("sandbox.engine.describe", "ctx.look(room)"),
    "name_markup": ("sandbox.engine.describe", "ctx.name(obj)"),
    "room_info": ("sandbox.engine.describe", "ctx.look(room)"),
    "from_doc": ("sandbox.engine.objects", "ctx.create(...)"),
    # The builder's toolkit (locks, prototypes, resets, area files) before it joined ctx:
    "LockFunc": ("sandbox.engine.locks", "ctx.lockfuncs() (the type is not API)"),
    "format_locks": ("sandbox.engine.locks", "ctx.format_locks(locks)"),
    "parse_expr": ("sandbox.engine.locks", "ctx.parse_locks(text)"),
    "parse_lockstring": ("sandbox.engine.locks", "ctx.parse_locks(text)"),
    "spawn": ("sandbox.engine.prototypes", "ctx.spawn(key, location)"),
    "spawned_from": ("sandbox.engine.prototypes", "ctx.spawned_from(key)"),
    "planned_changes": ("sandbox.engine.prototypes", "ctx.prototype_changes(obj, key)"),
    "apply_changes": ("sandbox.engine.prototypes", "ctx.apply_changes(obj, changes)"),
    "validate_prototype": ("sandbox.engine.prototypes:validate", "ctx.save_prototype(data)"),
    "checked_resets": ("sandbox.engine.resets", "ctx.set_resets(area, resets)"),
    "describe_rule": ("sandbox.engine.resets", "ctx.describe_reset(rule)"),
    "format_duration": ("sandbox.engine.resets", "ctx.format_duration(seconds)"),
    "parse_duration": ("sandbox.engine.resets", "ctx.parse_duration(text)"),
    "ref": ("sandbox.engine.resets", "obj.ref"),
    "ref_id": ("sandbox.engine.resets", 'ctx.get("#12")'),
    "import_area_file": ("sandbox.area_files:import_file", "ctx.import_area(path, renumber=...)"),
}


def __getattr__(name: str) -> Any:
    if name not in _DEPRECATED:
        raise AttributeError(f"module 'sandbox.api' has no attribute {name!r}")
    where, instead = _DEPRECATED[name]
    module, _, attr = where.partition(":")  # "module:attr" where the old name was an alias
    warnings.warn(f"sandbox.api.{name} is deprecated; use {instead}", DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(module), attr or name)
