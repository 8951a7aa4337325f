"""A real Evennia for the hand-off tests: a Python 3.12 venv in the user's cache, reused.

Evennia 6 needs Python >= 3.12 (on 3.11 pip silently picks Evennia 5). The venv lives
in ``$XDG_CACHE_HOME/sandbox`` (default ``~/.cache/sandbox``) under the Evennia version,
so the install (about two minutes, from pip's own cache after the first time) happens
once per machine; a file lock keeps two test runs from building it at once.

``SANDBOX_REQUIRE_EVENNIA=1`` (CI sets it) turns "cannot have Evennia here" from a
skip into a failure, so CI never passes without having run the tests.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

EVENNIA_VERSION = "6.1.0"
INSIDE = Path(__file__).with_name("inside_evennia.py")
#: Evennia's first `evennia shell` on a new database creates its superuser from these.
_SUPERUSER = {"EVENNIA_SUPERUSER_USERNAME": "admin", "EVENNIA_SUPERUSER_PASSWORD": "handoff-test-only"}


class Unavailable(Exception):
    """Evennia cannot be had on this machine; the message says why."""


def required() -> bool:
    return os.environ.get("SANDBOX_REQUIRE_EVENNIA", "") not in ("", "0")


def _is_312(python: str) -> bool:
    try:
        out = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                             capture_output=True, text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.stdout.strip() == "True"


def find_python312() -> str | None:
    """A working python3.12: on PATH (a pyenv shim may exist yet refuse), else pyenv's."""
    candidates = [shutil.which("python3.12")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        candidates += [str(p / "bin" / "python3.12") for p in sorted(pyenv.glob("3.12*"), reverse=True)]
    candidates += ["/usr/local/bin/python3.12", "/usr/bin/python3.12"]
    for python in candidates:
        if python and Path(python).exists() and _is_312(python):
            return python
    return None


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sandbox"


def evennia_venv() -> Path:
    """The venv's directory, installing Evennia into it on first use; Unavailable if not possible."""
    python = find_python312()
    if python is None:
        raise Unavailable("no Python 3.12 found (python3.12 on PATH or pyenv's 3.12): Evennia 6 needs it")
    venv = cache_dir() / f"evennia-venv-{EVENNIA_VERSION}"
    ready = venv / ".sandbox-installed"
    if ready.exists():
        return venv
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be installing it right now
        if ready.exists():
            return venv
        shutil.rmtree(venv, ignore_errors=True)  # a half-made venv from an interrupted run
        for step in ([python, "-m", "venv", str(venv)],
                     [str(venv / "bin" / "pip"), "install", "--quiet", f"evennia=={EVENNIA_VERSION}"]):  # fmt: skip
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
                raise Unavailable(f"`{' '.join(step[-3:])}` failed:\n{tail}")
        ready.write_text(f"evennia=={EVENNIA_VERSION}\n")
    return venv


def _evennia(venv: Path, game: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    full_env = {**os.environ, **_SUPERUSER, **(env or {})}
    full_env.pop("PYTHONPATH", None)  # our 3.11 packages must not leak into 3.12
    done = subprocess.run([str(venv / "bin" / "evennia"), *args], cwd=game, env=full_env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"evennia {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def new_game(venv: Path, where: Path) -> Path:
    """`evennia --init` a game in ``where`` and `evennia migrate` its database."""
    _evennia(venv, where, "--init", "game")
    game = where / "game"
    _evennia(venv, game, "migrate")
    return game


def load_and_observe(venv: Path, game: Path, batch_text: str, module: str, *, loads: int = 2,
                     texts: list[str] | None = None, walk: list[str] | None = None,
                     observe: bool = True, timeout: float = 600) -> dict[str, Any]:  # fmt: skip
    """Put the batch file in the game's world/, run tests/evennia/inside_evennia.py in
    `evennia shell`, and return what it saw (see that file)."""
    (game / "world" / f"{module}.py").write_text(batch_text, encoding="utf-8")
    out = game / "observed.json"
    texts_file = game / "texts.json"
    texts_file.write_text(json.dumps(texts or []))
    env = {
        "SANDBOX_EV_BATCH": module,
        "SANDBOX_EV_OUT": str(out),
        "SANDBOX_EV_TEXTS_FILE": str(texts_file),
        "SANDBOX_EV_WALK": json.dumps(walk or []),
        "SANDBOX_EV_LOADS": str(loads),
        "SANDBOX_EV_OBSERVE": "1" if observe else "0",
    }
    _evennia(venv, game, "shell", "-c", f"exec(open({str(INSIDE)!r}).read())", env=env, timeout=timeout)
    return json.loads(out.read_text())


if __name__ == "__main__":  # `python tests/evennia/evennia_env.py`: build the venv now
    try:
        print(evennia_venv())
    except Unavailable as exc:
        sys.exit(f"Evennia unavailable: {exc}")
