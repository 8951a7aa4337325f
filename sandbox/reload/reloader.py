"""Hot reloading for a running game: edit a command or a theme, it is live at the next input.

Every front end uses it the same way::

    from sandbox.reload import Reloader

    reloader = Reloader(game).start()   # watch commands/ and themes/, hook the engine
    ...                                  # on your loop, every 50-100 ms (or via wakeup):
    reloader.apply_pending()             #   apply due changes, report them to builders
    ...
    reloader.stop()                      # at exit

- ``start()`` installs ``engine.before_input`` (chained with any hook already there), so
  a change is applied before the next input line even without the timer; the timer just
  lets reports reach builders without waiting for input.
- ``Reloader(game, wakeup=fn)``: ``fn`` is called on the watchdog thread after an event;
  an asyncio front end can do ``loop.call_soon_threadsafe(loop.call_later,
  reloader.debounce + 0.01, reloader.apply_pending)`` instead of polling.
- ``reloader.listeners``: called with a :class:`ReloadReport` after each command reload
  (the TUI's reload panel). ``reloader.theme_listeners``: called with a
  :class:`ThemeReport`; render later messages with ``reloader.themes.get(name)``.
- ``reload_all()`` forces a full reload (the `reload` command calls it through
  ``engine.services["reloader"]``).

All methods except the watchdog callback run on the engine's thread: the engine is
single-threaded, and the watcher only records paths for us to pick up.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sandbox.engine.text import escape
from sandbox.game import Game
from sandbox.markup import ThemeSet
from sandbox.reload.prototypes import SUFFIXES as PROTOTYPE_SUFFIXES
from sandbox.reload.prototypes import PrototypeSet
from sandbox.reload.prototypes import load_directory as load_prototypes
from sandbox.reload.registry import CommandRegistry
from sandbox.reload.report import (
    ReloadReport,
    ThemeReport,
    describe_error,
    full_markup,
    summary_markup,
    theme_failure_markup,
)
from sandbox.reload.watcher import DEFAULT_DEBOUNCE, DebouncedWatcher

log = logging.getLogger("sandbox.reload")

SERVICE_NAME = "reloader"


class Reloader:
    def __init__(
        self,
        game: Game,
        *,
        debounce: float = DEFAULT_DEBOUNCE,
        wakeup: Callable[[], None] | None = None,
    ) -> None:
        self.game = game
        self.engine = game.engine
        self.commands_dir = game.commands_dir  # where open_game loaded the table from
        self.themes_dir = Path(game.themes_dir).resolve()
        # The registry takes over the game's loads: from now on it is their only owner.
        self.registry = CommandRegistry(self.commands_dir, game.loads)
        self.themes = ThemeSet(self.themes_dir if self.themes_dir.is_dir() else None)
        self.prototypes_dir = Path(game.prototypes_dir).resolve()
        self.watcher = DebouncedWatcher(
            {self.commands_dir: (".py",), self.themes_dir: (".toml",), self.prototypes_dir: PROTOTYPE_SUFFIXES},
            debounce=debounce,
            on_event=wakeup,
        )
        self.listeners: list[Callable[[ReloadReport], None]] = []
        self.theme_listeners: list[Callable[[ThemeReport], None]] = []
        #: Every report so far, newest last (bounded): the TUI panel's history.
        self.history: list[ReloadReport] = []
        self._previous_hook: Callable[[], None] | None = None
        self._applying = False
        self._started = False

    @property
    def debounce(self) -> float:
        return self.watcher.debounce

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> Reloader:
        if self._started:
            return self
        self._started = True
        self._previous_hook = self.engine.before_input
        self.engine.before_input = self._before_input
        self.engine.services[SERVICE_NAME] = self
        self.watcher.start()
        return self

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        self.watcher.stop()
        if self.engine.before_input == self._before_input:
            self.engine.before_input = self._previous_hook
        if self.engine.services.get(SERVICE_NAME) is self:
            del self.engine.services[SERVICE_NAME]

    def __enter__(self) -> Reloader:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _before_input(self) -> None:
        self.apply_pending()
        if self._previous_hook is not None:
            self._previous_hook()

    # -- applying changes (engine thread) --------------------------------------------
    def seconds_until_due(self) -> float | None:
        return self.watcher.seconds_until_due()

    def apply_pending(self) -> ReloadReport | None:
        """Apply every change whose burst is over; returns the command report, if any."""
        if self._applying:  # a sink that calls us back while we notify builders
            return None
        due = self.watcher.take_due()
        if not due:
            return None
        self._applying = True
        try:
            themes = [p for p in due if p.parent == self.themes_dir]
            commands = [p for p in due if p.parent == self.commands_dir]
            if themes:
                self._reload_themes(themes)
            if any(p.parent == self.prototypes_dir for p in due):
                self.reload_prototypes(notify=True)
            return self._reload_commands(commands, trigger="watch", notify=True) if commands else None
        finally:
            self._applying = False

    def reload_all(self, *, trigger: str = "api", notify: bool = False) -> ReloadReport:
        """Reload every command module now (and re-scan themes); swap if all loaded."""
        self.watcher.take_due()  # whatever was pending is covered by this full reload
        report = self._reload_commands(None, trigger=trigger, notify=notify)
        assert report is not None  # a forced reload always reports
        if self.themes.directory is not None:
            self._reload_themes([])
        self.reload_prototypes(notify=notify)
        return report

    def reload_prototypes(self, *, notify: bool = False) -> PrototypeSet:
        """Re-read every prototype file; install them only if all loaded and resolve.

        On an error the running game keeps its previous prototypes (like a failed
        command reload) and builders are told the file and line.
        """
        loaded = load_prototypes(self.prototypes_dir, self.game.directory)
        if loaded.ok:
            self.engine.prototypes.set_files(loaded.prototypes)
            self.game.prototype_errors = []
            log.info("reloaded %d prototypes", len(loaded.prototypes))
            if notify:
                self.engine.notify_builders(f"[info]Prototypes reloaded: {len(loaded.prototypes)}.[/info]")
        else:
            self.game.prototype_errors = [str(e) for e in loaded.errors]
            for error in loaded.errors:
                log.error("prototype failed to load: %s", error)
            if notify:
                lines = "\n".join(f"  {escape(str(e))}" for e in loaded.errors)
                self.engine.notify_builders(f"[error]Prototypes not reloaded (the old ones stay):[/error]\n{lines}", "error")
        return loaded

    def describe(self, report: ReloadReport) -> str:
        """The full markup report (added, changed, removed, errors) the `reload` command prints."""
        return full_markup(report, self.game.directory)

    def _reload_commands(self, paths: list[Path] | None, *, trigger: str, notify: bool) -> ReloadReport | None:
        table, report = self.registry.reload(paths, trigger=trigger)
        if report is None:
            if paths is None:
                report = ReloadReport(trigger, (), swapped=False)
            else:
                return None  # saved without changes: nothing to say
        if table is not None:
            self.engine.swap_table(table)
            if any(name.startswith("behaviour:") for name in report.added + report.changed):
                self.engine.sync_behaviours()
        self.game.loads = self.registry.loads  # Game.load_errors() stays truthful
        self._log(report)
        if notify and (report.has_changes or report.errors):
            self.engine.notify_builders(summary_markup(report, self.game.directory), "error" if report.errors else "system")
        self.history = [*self.history[-49:], report]
        for listener in list(self.listeners):
            try:
                listener(report)
            except Exception:  # a broken panel must not stop the reload
                log.exception("reload listener failed")
        return report

    def _reload_themes(self, paths: list[Path]) -> ThemeReport:
        if self.themes.directory is None and self.themes_dir.is_dir():
            self.themes.directory = self.themes_dir
        errors = tuple(self.themes.reload())
        report = ThemeReport(self.themes, tuple(paths), errors)
        changed = set(paths)
        fresh = [e for e in errors if e.path is not None and Path(e.path).resolve() in changed]
        for error in errors:
            log.error("theme failed to load: %s", error)
        if fresh:  # report a broken theme when it is saved, not on every later re-scan
            self.engine.notify_builders(theme_failure_markup(ThemeReport(self.themes, report.paths, tuple(fresh)), self.game.directory), "error")
        for listener in list(self.theme_listeners):
            try:
                listener(report)
            except Exception:
                log.exception("theme listener failed")
        return report

    def _log(self, report: ReloadReport) -> None:
        if report.errors:
            for error in report.errors:
                log.error("reload failed: %s\n%s", describe_error(error), error.traceback)
        elif report.modules:
            log.info(
                "reloaded %d files in %.1f ms: added %s, changed %s, removed %s",
                len(report.modules), report.seconds * 1000, report.added, report.changed, report.removed,
            )
