"""What cannot be carried to Evennia as data, listed for the coder who finishes the job.

Our verbs and timers are Python in ``commands/*.py``; Evennia's are Command classes in
CmdSets and Scripts. Code does not translate mechanically, so each piece becomes an
entry: what it is, where the area uses it, the Evennia concept it maps to, and a stub
to fill in. The batch-code file's header and the exporter's stderr show the same text.
"""
from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.evennia.translate import ObjectSpec, Problem

#: Our default commands that Evennia's default command set already has (ours -> Evennia's).
EVENNIA_DEFAULTS = {
    "look": "look (CmdLook)", "say": "say (CmdSay)", "emote": "pose (CmdPose)", "pose": "pose (CmdPose)",
    "dig": "dig (CmdDig)", "open": "open (CmdOpen)", "link": "link (CmdLink)", "unlink": "unlink (CmdUnLink)",
    "create": "create (CmdCreate)", "desc": "desc (CmdDesc)", "examine": "examine (CmdExamine)",
    "help": "help (CmdHelp)", "teleport": "teleport (CmdTeleport)", "tell": "page (CmdPage)",
    "page": "page (CmdPage)", "who": "who (CmdWho)", "quit": "quit (CmdQuit)", "set": "set (CmdSetAttribute)",
    "get": "get (CmdGet)", "drop": "drop (CmdDrop)", "give": "give (CmdGive)", "inventory": "inventory (CmdInventory)",
    "destroy": "destroy (CmdDestroy)", "name": "name (CmdName)", "alias": "alias (CmdSetObjAlias)",
    "home": "home (CmdHome)", "reload": "reload (CmdReload)", "lock": "lock (CmdLock)", "tag": "tag (CmdTag)",
    "spawn": "spawn (CmdSpawn)", "channel": "channel (CmdChannel)", "find": "find (CmdFind)",
    "whisper": "whisper (CmdWhisper)", "perm": "perm (CmdPerm)", "shutdown": "shutdown (CmdShutdown)",
    "tunnel": "tunnel (CmdTunnel)", "copy": "copy (CmdCopy)", "wipe": "wipe (CmdWipe)",
}  # fmt: skip

#: Lock functions Evennia ships (evennia/locks/lockfuncs.py); others need a coder.
EVENNIA_LOCKFUNCS = frozenset({
    "true", "all", "false", "none", "superuser", "self", "perm", "perm_above", "pperm", "pperm_above",
    "dbref", "pdbref", "id", "pid", "attr", "locattr", "objattr", "objlocattr", "attr_eq", "attr_gt",
    "attr_ge", "attr_lt", "attr_le", "attr_ne", "tag", "objtag", "objloctag", "inside", "inside_through",
    "holds", "has_account", "serversetting", "is_ooc", "not",
})  # fmt: skip
_LOCKFUNC = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")


@dataclass(frozen=True, slots=True)
class CommandInfo:
    """One command of the game's ``commands/*.py`` (read by the CLI from the loader)."""

    key: str
    aliases: tuple[str, ...] = ()
    cmdset: str = "default"
    source: str = ""
    help: str = ""
    perm: str = "player"


@dataclass(frozen=True, slots=True)
class BehaviourInfo:
    name: str
    source: str = ""
    help: str = ""


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """The game's code, as far as the report needs it."""

    commands: tuple[CommandInfo, ...] = ()
    behaviours: tuple[BehaviourInfo, ...] = ()


@dataclass(slots=True)
class Entry:
    """One thing the coder has to do."""

    what: str  #: 'cmdset "lever"'
    used: str  #: where the area uses it
    concept: str  #: the Evennia concept it maps to
    stub: str = ""  #: code to fill in (may be empty)
    setting: tuple[str, str] | None = None  #: (table, key) in the file's header to fill in


@dataclass(slots=True)
class Report:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Empty cmdset/script tables for the file's header: name -> None until filled in.
    cmdsets: dict[str, None] = field(default_factory=dict)
    scripts: dict[str, None] = field(default_factory=dict)

    def text(self) -> str:
        """The report as text (the file header and stderr show this)."""
        lines: list[str] = []
        if self.entries:
            lines.append(f"What this file cannot carry ({len(self.entries)}): a coder's to-do list.")
            for n, entry in enumerate(self.entries, 1):
                lines += ["", f"{n}. {entry.what}", f"   used by: {entry.used}", f"   Evennia: {entry.concept}"]
                if entry.setting is not None:
                    table, key = entry.setting
                    lines.append(f'   then: set {table}["{key}"] in this file\'s header to its Python path and run the file again')
                if entry.stub:
                    lines += ["   stub:", textwrap.indent(entry.stub.rstrip("\n"), "       ")]
        if self.problems:
            lines += ["", f"Carried with changes ({len(self.problems)}):"]
            lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def _refs(specs: Iterable[ObjectSpec], limit: int = 8) -> str:
    refs = [f"#{s.sandbox_id} {s.key}" for s in specs]
    shown = ", ".join(refs[:limit])
    return shown + (f" and {len(refs) - limit} more" if len(refs) > limit else "")


def _class_name(word: str, prefix: str = "", suffix: str = "") -> str:
    camel = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", word) if part)
    if not camel or camel[0].isdigit():
        camel = "X" + camel
    return f"{prefix}{camel}{suffix}"


def _module(source: str) -> str:
    """``commands/lever.py`` from a loader source path (which may be absolute)."""
    parts = source.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else source


def _evennia_has(cmd: CommandInfo) -> str | None:
    """Evennia's default command for one of ours (by its key or an alias), if any."""
    for name in (cmd.key, *cmd.aliases):
        if name in EVENNIA_DEFAULTS:
            return EVENNIA_DEFAULTS[name]
    return None


def _command_stubs(commands: Sequence[CommandInfo], on_object: bool) -> list[str]:
    lines: list[str] = []
    who = "        thing = self.obj  # the object this cmdset sits on" if on_object else "        caller = self.caller  # who typed it"
    for cmd in commands:
        doc = inspect.cleandoc(cmd.help or cmd.key).replace(3 * '"', 3 * "'")
        lines += [
            "",
            f"class {_class_name(cmd.key, 'Cmd')}(Command):",
            '    """',
            textwrap.indent(doc, "    "),
            '    """',
            "",
            f'    key = "{cmd.key}"',
            f"    aliases = {list(cmd.aliases)!r}",
            '    locks = "cmd:all()"' if cmd.perm == "player" else f'    locks = "cmd:perm({cmd.perm.capitalize()})"',
            "",
            "    def func(self):",
            who,
            f"        # port {cmd.key}() from {_module(cmd.source)}: ctx.caller -> self.caller,",
            "        # ctx.reply(...) -> self.caller.msg(...), ctx.get_attr(x, name) -> x.db.<name>",
            "        raise NotImplementedError",
        ]
    return lines


def _cmdset_stub(name: str, commands: Sequence[CommandInfo]) -> str:
    lines = ["from evennia import CmdSet, Command", "", *_command_stubs(commands, on_object=True)]
    lines += [
        "",
        "",
        f"class {_class_name(name, suffix='CmdSet')}(CmdSet):",
        f'    key = "{name}"',
        "",
        "    def at_cmdset_creation(self):",
    ]
    lines += [f"        self.add({_class_name(cmd.key, 'Cmd')}())" for cmd in commands] or ["        pass"]
    return "\n".join(lines)


def _script_stub(name: str, info: BehaviourInfo | None, interval: Any) -> str:
    where = _module(info.source) if info is not None else "commands/"
    return "\n".join([
        "from evennia import DefaultScript",
        "",
        "",
        f"class {_class_name(name)}(DefaultScript):",
        f'    """{(info.help if info is not None and info.help else name).strip().splitlines()[0]}"""',
        "",
        "    def at_script_creation(self):",
        f"        self.interval = {interval!r}  # seconds (the file also sets it per object)",
        "        self.persistent = True",
        "",
        "    def at_repeat(self):",
        "        obj = self.obj  # the object that runs this behaviour",
        f"        # port the @behaviour(\"{name}\") function from {where}: ctx.caller -> obj",
        "        raise NotImplementedError",
    ])  # fmt: skip


def build_report(
    specs: Sequence[ObjectSpec], area: dict[str, Any], code: CodeInfo, problems: Sequence[Problem]
) -> Report:
    report = Report(problems=list(problems))
    by_set: dict[str, list[CommandInfo]] = {}
    for cmd in code.commands:
        by_set.setdefault(cmd.cmdset, []).append(cmd)
    # Object-bound command sets: each object that carries one needs an Evennia CmdSet.
    users: dict[str, list[ObjectSpec]] = {}
    for spec in specs:
        for name in spec.cmdsets:
            users.setdefault(name, []).append(spec)
    for name, holders in sorted(users.items()):
        commands = by_set.get(name, [])
        sources = sorted({_module(c.source) for c in commands}) or ["(no module in commands/ defines it)"]
        verbs = ", ".join(c.key for c in commands) or "none found"
        report.cmdsets[name] = None
        report.entries.append(Entry(
            f'cmdset "{name}" ({", ".join(sources)}: {verbs})',
            _refs(holders),
            "a CmdSet of Command classes, added to the object with obj.cmdset.add(path, persistent=True)",
            _cmdset_stub(name, commands),
            ("CMDSETS", name),
        ))  # fmt: skip
    # Behaviours on timers: Scripts (or the TickerHandler).
    behaviours = {b.name: b for b in code.behaviours}
    runners: dict[str, list[ObjectSpec]] = {}
    for spec in specs:
        for name in spec.behaviours:
            runners.setdefault(str(name), []).append(spec)
    for name, holders in sorted(runners.items()):
        info = behaviours.get(name)
        interval = holders[0].behaviours.get(name)
        report.scripts[name] = None
        source = _module(info.source) if info is not None else "(no module in commands/ defines it)"
        report.entries.append(Entry(
            f'behaviour "{name}" ({source}), every {interval} s',
            _refs(holders),
            "a Script with interval (obj.scripts.add), or TICKER_HANDLER.add(interval, callback) for a light one",
            _script_stub(name, info, interval),
            ("SCRIPTS", name),
        ))  # fmt: skip
    # Area resets (the builder's toolkit adds them to the area document).
    for reset in area.get("resets") or ():
        report.entries.append(Entry(
            f"area reset {reset!r}",
            f"area {area['name']!r}",
            "a global Script (evennia.create_script) whose at_repeat re-spawns what is missing (spawn() with prototypes)",
        ))  # fmt: skip
    # Prototypes: the objects carry Evennia's own from_prototype tag; the definitions do not travel.
    protos: dict[str, list[ObjectSpec]] = {}
    for spec in specs:
        if spec.prototype:
            protos.setdefault(spec.prototype, []).append(spec)
    for key, holders in sorted(protos.items()):
        report.entries.append(Entry(
            f'prototype "{key}"',
            _refs(holders),
            "a prototype dict in world/prototypes.py (spawn with evennia.prototypes.spawner.spawn)",
            f'{key.upper().replace("-", "_")} = {{\n    "prototype_key": "{key}",\n    "typeclass": "typeclasses.objects.Object",\n    # copy the fields of prototypes/{key}.* here\n}}',
        ))  # fmt: skip
    # Lock functions that Evennia does not ship.
    custom: dict[str, list[ObjectSpec]] = {}
    for spec in specs:
        for lockstring in spec.locks.values():
            for func in _LOCKFUNC.findall(lockstring):
                if func.lower() not in EVENNIA_LOCKFUNCS:
                    custom.setdefault(func, []).append(spec)
    for func, holders in sorted(custom.items()):
        report.entries.append(Entry(
            f"lock function {func}()",
            _refs(holders),
            f"a lock function in server/conf/lockfuncs.py (def {func}(accessing_obj, accessed_obj, *args, **kwargs))",
        ))  # fmt: skip
    # The rest of the game's verbs: Evennia's default command set, or a Command to write.
    for name, commands in sorted(by_set.items()):
        if name in users:
            continue
        for module in sorted({_module(c.source) for c in commands}):
            in_module = [c for c in commands if _module(c.source) == module]
            have = [f"{c.key} -> {_evennia_has(c)}" for c in in_module if _evennia_has(c)]
            missing = [c for c in in_module if not _evennia_has(c)]
            if not missing:
                continue  # Evennia's defaults cover this module: nothing to do
            concept = "Commands in the CharacterCmdSet (commands/default_cmdsets.py)"
            if have:
                concept += "; Evennia already has " + ", ".join(have)
            report.entries.append(Entry(
                f"command module {module} ({', '.join(c.key for c in missing)})",
                "every character (our default command set)" if name == "default" else f'cmdset "{name}"',
                concept,
                "\n".join(["from evennia import Command", "", *_command_stubs(missing, on_object=False)]),
            ))  # fmt: skip
    return report
