"""What a reload did, as plain data, and how builders read it in-game.

Front ends get the data objects (the TUI's reload panel), builders get markup. Every
piece of text taken from a file or an exception is escaped: a module's error message
may contain brackets, and a builder's traceback must never restyle their screen.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sandbox.markup import ThemeError, ThemeSet, escape
from sandbox.reload.loader import LoadError


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """One reload of command modules.

    ``added``/``changed``/``removed`` hold command names (``key``, or ``cmdset:key``
    outside the default set; behaviours as ``behaviour:name``). ``swapped`` is False
    when any module failed: then the old table keeps serving and nothing else applies.
    """

    trigger: str  # "watch" (a file changed) | "command" (the `reload` command) | "api"
    modules: tuple[Path, ...]  # files (re)loaded or removed in this reload
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    errors: tuple[LoadError, ...] = ()
    swapped: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True, slots=True)
class ThemeReport:
    """A re-scan of the themes folder. ``themes`` is the live set (failed files keep
    their previous version); ``errors`` are the files that failed, with line numbers."""

    themes: ThemeSet
    paths: tuple[Path, ...]
    errors: tuple[ThemeError, ...] = ()


def _where(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


def describe_error(error: LoadError, base: Path | None = None) -> str:
    where = _where(error.path, base) + (f":{error.line}" if error.line else "")
    return f"{where}: {error.message}"


def _names(label: str, names: Sequence[str]) -> str:
    return f"{label} {escape(', '.join(names))}" if names else ""


def summary_markup(report: ReloadReport, base: Path | None = None) -> str:
    """The short notice builders get after a watched file reloaded."""
    files = escape(", ".join(_where(p, base) for p in report.modules)) or "nothing"
    if not report.ok:
        return failure_markup(report, base)
    parts = [p for p in (_names("added", report.added), _names("changed", report.changed), _names("removed", report.removed)) if p]
    what = "; ".join(parts) if parts else "no command changed"
    return f"[info]Reloaded {files}: {what}.[/info]"


def failure_markup(report: ReloadReport, base: Path | None = None) -> str:
    """Every error with file:line, message and traceback; says the old code still serves."""
    lines = ["[error]Reload failed; the previous commands keep working.[/error]"]
    for error in report.errors:
        lines.append(f"[error]{escape(describe_error(error, base))}[/error]")
        if error.traceback.strip():
            lines.append(escape(error.traceback.rstrip()))
    lines.append("[info]Fix the file and save it again to reload.[/info]")
    return "\n".join(lines)


def full_markup(report: ReloadReport, base: Path | None = None) -> str:
    """What the `reload` command prints: every change and every error."""
    lines = [f"[title]Reload[/title] ({len(report.modules)} files, {report.seconds * 1000:.1f} ms)"]
    for label, names in (("Added", report.added), ("Changed", report.changed), ("Removed", report.removed)):
        lines.append(f"  {label}: {escape(', '.join(names)) if names else '-'}")
    if report.errors:
        lines.append(failure_markup(report, base))
    elif not report.has_changes:
        lines.append("  Nothing changed.")
    return "\n".join(lines)


def theme_failure_markup(report: ThemeReport, base: Path | None = None) -> str:
    lines = ["[error]Theme reload failed; the previous theme stays in use.[/error]"]
    for error in report.errors:
        where = _where(error.path, base) if error.path is not None else "<theme>"
        if error.line is not None:
            where += f":{error.line}"
        lines.append(f"[error]{escape(f'{where}: {error.message}')}[/error]")
    return "\n".join(lines)
