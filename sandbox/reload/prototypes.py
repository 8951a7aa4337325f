"""Reading a game's prototype files: ``prototypes/*.toml`` and ``prototypes/*.json``.

A TOML file holds one table per prototype, named by its key::

    [npc]
    kind = "character"
    tags = ["npc"]

    [shopkeeper]
    prototype_parent = "npc"
    key = "Mara"
    attrs = { sells = ["rope", "lamp oil"] }

A JSON file holds a list of prototype objects (each with ``prototype_key``) or an object
of them by key. Every error names its file and line. A set of files is installed only
if all of it loads and every inheritance chain resolves, so a broken edit never takes
prototypes away from a running game (the reloader keeps the old set and says why).
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.engine.prototypes import Prototype, PrototypeError, norm_key, resolve, validate

SUFFIXES = (".toml", ".json")


@dataclass(frozen=True, slots=True)
class PrototypeSet:
    prototypes: dict[str, Prototype]
    errors: tuple[PrototypeError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def prototype_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and not p.name.startswith((".", "_")))


def load_directory(directory: Path, root: Path | None = None) -> PrototypeSet:
    """Every prototype of a directory, or the errors (file:line) that stop it loading."""
    found: dict[str, Prototype] = {}
    errors: list[PrototypeError] = []
    for path in prototype_files(directory):
        shown = _shown(path, root)
        try:
            for proto in load_file(path, shown):
                other = found.get(proto.key)
                if other is not None:
                    raise PrototypeError(f"prototype {proto.key!r} is also defined at {other.source}", proto.source)
                found[proto.key] = proto
        except PrototypeError as exc:
            errors.append(exc)
    for key, proto in found.items():
        try:
            resolve(key, found.get)
        except PrototypeError as exc:
            errors.append(PrototypeError(exc.message, proto.source))
    return PrototypeSet(found if not errors else {}, tuple(errors))


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def load_file(path: Path, shown: str | None = None) -> list[Prototype]:
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrototypeError(f"cannot read ({exc})", shown) from None
    return parse_toml(text, shown) if path.suffix == ".toml" else parse_json(text, shown)


def parse_toml(text: str, shown: str) -> list[Prototype]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{shown}:{match.group(1)}:{match.group(2)}" if match else shown
        raise PrototypeError(re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)), where) from None
    out = []
    for name, body in data.items():
        where = f"{shown}:{_toml_line(text, name)}"
        if not isinstance(body, dict):
            raise PrototypeError(f"{name!r} must be a table ([{name}]) holding one prototype", where)
        body = {"prototype_key": name, **body}
        if norm_key(body["prototype_key"]) != norm_key(name):
            raise PrototypeError(f"prototype_key {body['prototype_key']!r} differs from its table [{name}]", where)
        out.append(Prototype(norm_key(name), validate(body, where), where))
    return out


def _toml_line(text: str, name: str) -> int:
    name_re = re.escape(name)
    pattern = re.compile(rf"^[ \t]*\[[ \t]*(\"{name_re}\"|'{name_re}'|{name_re})[ \t]*[\].]|^[ \t]*{name_re}[ \t]*=", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse_json(text: str, shown: str) -> list[Prototype]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PrototypeError(exc.msg, f"{shown}:{exc.lineno}:{exc.colno}") from None
    if isinstance(data, dict):
        items = [({"prototype_key": k, **v} if isinstance(v, dict) else v) for k, v in data.items()]
    elif isinstance(data, list):
        items = data
    else:
        raise PrototypeError("a prototype file holds a list of prototypes or an object of them by key", f"{shown}:1")
    out = []
    for n, body in enumerate(items):
        key = body.get("prototype_key") if isinstance(body, dict) else None
        line = _json_line(text, key) if isinstance(key, str) else 1
        where = f"{shown}:{line}"
        if not isinstance(key, str):
            raise PrototypeError(f"prototype {n + 1} of the file has no prototype_key", where)
        checked = validate(body, where)
        out.append(Prototype(checked["prototype_key"], checked, where))
    return out


def _json_line(text: str, key: str) -> int:
    quoted = json.dumps(key)
    for pattern in (rf'"prototype_key"\s*:\s*{re.escape(quoted)}', rf"{re.escape(quoted)}\s*:\s*\{{"):
        match = re.search(pattern, text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return 1


class PrototypeCache:
    """Loaded prototype sets by directory, re-read only when a file changed (transcripts)."""

    def __init__(self) -> None:
        self._sets: dict[Path, tuple[Any, PrototypeSet]] = {}

    def get(self, directory: Path, root: Path | None = None) -> PrototypeSet:
        files = prototype_files(directory)
        fingerprint = tuple((p.name, st.st_mtime_ns, st.st_size) for p in files for st in (p.stat(),))
        cached = self._sets.get(directory)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        loaded = load_directory(directory, root)
        self._sets[directory] = (fingerprint, loaded)
        return loaded


SHARED = PrototypeCache()
