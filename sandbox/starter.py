"""The starter kit: the commands, themes and world a new game begins with, and where each
game finds its own.

Installed from a wheel, the kit ships inside the package (``sandbox/_starter/``, copied
there at build time by ``setup.py``). In a source checkout it is the repository's own
``commands/``, ``themes/`` and ``world/starter.json``; only files git tracks count as the
kit there, so a coder's untracked, half-finished module never reaches a new game.

This module uses the standard library only: ``setup.py`` loads it by path at build time.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

#: What the kit holds, relative to its root.
KIT = ("commands", "themes", "prototypes", "world/starter.json")
STARTER_FILE = "starter.json"

_PACKAGE = Path(__file__).resolve().parent
_PACKAGED = _PACKAGE / "_starter"
_CHECKOUT = _PACKAGE.parent


class StarterKitMissing(FileNotFoundError):
    pass


def kit_root() -> Path:
    """The installed kit (a wheel) or the repository it is being run from (a checkout)."""
    for root in (_PACKAGED, _CHECKOUT):
        if (root / "world" / STARTER_FILE).is_file() and (root / "commands").is_dir():
            return root
    raise StarterKitMissing(f"the starter kit is missing from this installation ({_PACKAGED})")


def kit_files(root: Path | None = None) -> list[str]:
    """Paths (relative to the root) of every file of the kit.

    In a git checkout: the tracked ones. Elsewhere (a wheel, an sdist): every command
    module, theme and the starter world, never caches or editor droppings.
    """
    root = kit_root() if root is None else root
    tracked = _git_tracked(root)
    found: list[str] = []
    for entry in KIT:
        path = root / entry
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in candidates:
            rel = file.relative_to(root).as_posix()
            if tracked is not None:
                if rel in tracked:
                    found.append(rel)
            elif _is_kit_file(file):
                found.append(rel)
    return found


def _is_kit_file(file: Path) -> bool:
    name = file.name
    return not name.startswith((".", "_")) and name.endswith((".py", ".toml", ".json")) and "__pycache__" not in file.parts


def _git_tracked(root: Path) -> set[str] | None:
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", *KIT], capture_output=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {p for p in out.decode("utf-8", "replace").split("\0") if p}


# -- one rule for where a game's parts come from -------------------------------------------
def commands_dir(game_dir: Path) -> Path:
    """The game's own commands/, or the kit's when it has none."""
    local = Path(game_dir) / "commands"
    return local if local.is_dir() else kit_root() / "commands"


def themes_dir(game_dir: Path) -> Path:
    local = Path(game_dir) / "themes"
    return local if local.is_dir() else kit_root() / "themes"


def starter_world(game_dir: Path) -> Path:
    """The world a new game starts from: the game's own starter.json, or the kit's."""
    local = Path(game_dir) / "world" / STARTER_FILE
    return local if local.is_file() else kit_root() / "world" / STARTER_FILE


def prototypes_dir(game_dir: Path) -> Path:
    """The game's own prototypes/, or the kit's when it has none."""
    local = Path(game_dir) / "prototypes"
    return local if local.is_dir() else kit_root() / "prototypes"
