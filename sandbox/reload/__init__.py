"""Hot reloading of command modules and themes; see :mod:`sandbox.reload.reloader`.

``from sandbox.reload import Reloader`` imports watchdog on first use only, so opening a
game (which needs just the loader) stays free of the file-watching machinery.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Reloader", "ReloadReport", "ThemeReport"]


def __getattr__(name: str) -> Any:
    if name == "Reloader":
        from sandbox.reload.reloader import Reloader

        return Reloader
    if name in ("ReloadReport", "ThemeReport"):
        from sandbox.reload import report

        return getattr(report, name)
    raise AttributeError(name)
