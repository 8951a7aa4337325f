"""The engine: sessions in, messages out, one turn at a time.

Every input line and every timer runs as a *turn*: the command runs, the world's
changes are committed to the store, and only then are the turn's messages handed to the
sessions' sinks. So a player never sees an acknowledgement for a change that a crash
could still lose, and a front end receives each turn's output as one batch.
"""
from __future__ import annotations

import logging
import random
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from sandbox.engine.clock import Clock, Scheduler, Timer
from sandbox.engine.commands import CommandTable
from sandbox.engine.context import Context
from sandbox.engine.describe import name_markup
from sandbox.engine.dispatch import Resolved, Unresolved, resolve
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.session import ClientInfo, Message, Session, Sink
from sandbox.engine.text import escape
from sandbox.engine.world import World, WorldChange

log = logging.getLogger("sandbox.engine")

#: Longest input line the engine accepts; front ends cut earlier with a notice.
MAX_LINE = 4096


class Store(Protocol):
    """What the engine needs of persistence: make this turn's changes durable."""

    def commit(self, world: World) -> None: ...


class Engine:
    def __init__(
        self,
        world: World,
        table: CommandTable,
        clock: Clock,
        *,
        store: Store | None = None,
        seed: int | None = None,
    ) -> None:
        self.world = world
        self.table = table
        self.clock = clock
        self.store = store
        self.scheduler = Scheduler(clock)
        self.rng = random.Random(seed)
        self.sessions: dict[int, Session] = {}
        self._by_character: dict[int, list[Session]] = {}
        self._next_session = 1
        self._outbox: list[tuple[Session, Message]] = []
        self._depth = 0
        self._behaviour_timers: dict[int, list[Timer]] = {}
        #: Called after each turn that changed the world (the TUI's observers batch on it).
        self.turn_listeners: list[Callable[[], None]] = []
        #: Requests from commands to the process hosting the engine (shutdown, cold reload).
        self.requests: list[str] = []
        self.request_listeners: list[Callable[[str], None]] = []
        #: Set by the hot reloader: called before each input so edits apply at the next line.
        self.before_input: Callable[[], None] | None = None
        #: Helpers the hosting process lends to commands by name (``"reloader"``); the
        #: engine never calls them, so it stays free of threads and file watching.
        self.services: dict[str, object] = {}
        #: Per-character undo stacks of destroyed objects' documents.
        self.undo: dict[int, list[list[dict[str, Any]]]] = {}
        world.subscribe(self._on_world_change)
        self.sync_behaviours()

    # -- the session interface ---------------------------------------------------------
    def connect(self, character: GameObject, sink: Sink, info: ClientInfo | None = None, *, account: str | None = None) -> Session:
        session = Session(
            id=self._next_session,
            character_id=character.id,
            sink=sink,
            info=info or ClientInfo(),
            connected_at=self.clock.now(),
            last_input_at=self.clock.now(),
            account=account,
        )
        self._next_session += 1
        self.sessions[session.id] = session
        self._by_character.setdefault(character.id, []).append(session)
        return session

    def input(self, session_id: int, line: str) -> None:
        session = self.sessions.get(session_id)
        if session is None:
            return
        if self.before_input is not None:
            self.before_input()
        session.last_input_at = self.clock.now()
        with self.turn():
            caller = self.world.get(session.character_id)
            if caller is None:
                self._queue(session, Message("[error]Your character no longer exists.[/error]", "error"))
                return
            self.execute(caller, line[:MAX_LINE], session=session)

    def disconnect(self, session_id: int) -> None:
        session = self.sessions.pop(session_id, None)
        if session is None:
            return
        peers = self._by_character.get(session.character_id, [])
        if session in peers:
            peers.remove(session)
        if not peers:
            self._by_character.pop(session.character_id, None)

    def kick(self, session_id: int, reason: str = "You have been disconnected.") -> None:
        """Tell a session why, then ask its front end to close it."""
        session = self.sessions.get(session_id)
        if session is None:
            return
        with self.turn():
            self._queue(session, Message(f"[info]{escape(reason)}[/info]", "system"))
            self._queue(session, Message("", "close"))

    def sessions_of(self, obj: GameObject) -> list[Session]:
        return self._by_character.get(obj.id, [])

    def is_online(self, obj: GameObject) -> bool:
        return bool(self._by_character.get(obj.id))

    def attach(self, session_id: int, character: GameObject) -> None:
        """Point a session at another character (puppeting, re-attachment)."""
        session = self.sessions[session_id]
        self.disconnect(session_id)
        session.character_id = character.id
        self.sessions[session.id] = session
        self._by_character.setdefault(character.id, []).append(session)

    # -- turns ---------------------------------------------------------------------------
    def turn(self) -> "_Turn":
        return _Turn(self)

    def _finish_turn(self) -> None:
        world = self.world
        changed = bool(world.dirty or world.deleted or world.meta_dirty or world.accounts_dirty)
        if changed and self.store is not None:
            self.store.commit(self.world)
        outbox, self._outbox = self._outbox, []
        for session, message in outbox:
            if session.id in self.sessions:
                try:
                    session.sink(message)
                except Exception:  # a broken front end must not break the engine
                    log.exception("sink of session %s failed", session.id)
        if changed:
            for listener in list(self.turn_listeners):
                listener()
        while self.requests:
            request = self.requests.pop(0)
            for listener in list(self.request_listeners):
                listener(request)

    def execute(self, caller: GameObject, line: str, *, session: Session | None = None) -> None:
        """Run one line as caller (inside the current turn)."""
        found = resolve(self.world, self.table, caller, line)
        if found is None:
            return
        if isinstance(found, Unresolved):
            self.emit(caller, f"[error]{found.message}[/error]", "error")
            return
        assert isinstance(found, Resolved)
        if found.exit is not None:
            self.traverse(caller, found.exit)
            return
        cmd = found.command
        assert cmd is not None
        if cmd.perm > caller.perm:
            self.emit(
                caller,
                f"[error]'{cmd.key}' is a {cmd.perm.label} command; you are a {caller.perm.label}.[/error]",
                "error",
            )
            return
        ctx = Context(
            self, caller, session=session, cmd=cmd, args=found.args, raw=line,
            obj=found.provider, word=found.word, switches=found.switches,
        )
        self._run_guarded(ctx, lambda: cmd(ctx), what=f"'{cmd.key}'")

    def _run_guarded(self, ctx: Context, action: Callable[[], Any], *, what: str) -> None:
        try:
            action()
        except Exception as exc:  # any bug in a command: report it, keep the world running
            log.exception("error in %s", what)
            self.emit(ctx.caller, f"[error]Something went wrong running {escape(what)}. It has been logged.[/error]", "error")
            if ctx.caller.perm >= Perm.BUILDER:
                tb = traceback.format_exc(limit=8)
                self.emit(ctx.caller, f"[error]{escape(type(exc).__name__)}: {escape(str(exc))}[/error]\n{escape(tb)}", "traceback")

    # -- output ------------------------------------------------------------------------------
    def _queue(self, session: Session, message: Message) -> None:
        if self._depth:
            self._outbox.append((session, message))
        else:  # outside a turn (e.g. a front end greeting): deliver now
            session.sink(message)

    def emit(self, obj: GameObject, text: str, kind: str = "text", *, oob: dict[str, Any] | None = None) -> None:
        """Send markup to every session controlling obj."""
        sessions = self._by_character.get(obj.id)
        if not sessions:
            return
        message = Message(text, kind, oob)
        for session in sessions:
            self._queue(session, message)

    def announce(self, room: GameObject, text: str, *, exclude: list[GameObject] | tuple[GameObject, ...] = (), kind: str = "text") -> None:
        """Send markup to everyone in a room but ``exclude``; one shared Message for all."""
        skip = {o.id for o in exclude}
        message = Message(text, kind)
        by_char = self._by_character
        for oid in room.contents:
            if oid in skip:
                continue
            for session in by_char.get(oid, ()):
                self._queue(session, message)

    # -- movement -------------------------------------------------------------------------
    def traverse(self, caller: GameObject, exit_: GameObject) -> None:
        dest = self.world.get(exit_.destination)
        if dest is None:
            self.emit(caller, "[error]That exit leads nowhere.[/error]", "error")
            return
        if exit_.attrs.get("locked"):
            self.emit(caller, exit_.attrs.get("locked_msg") or "[error]It is locked.[/error]", "error")
            return
        self.move(caller, dest, announce=True, via=exit_)

    def move(self, obj: GameObject, destination: GameObject, *, announce: bool = True, via: GameObject | None = None) -> None:
        # Refuse an impossible move (into itself or what it holds) before anyone is told
        # that obj "leaves"; raises WorldError for the command to report.
        self.world.check_move(obj, destination)
        old_room = self.world.room_of(obj)
        if announce and old_room is not None:
            where = f" {escape(via.name)}" if via is not None else ""
            self.announce(old_room, f"{name_markup(obj)} leaves{where}.", exclude=[obj])
        self.world.move(obj, destination)
        if announce and destination.kind == Kind.ROOM:
            self.announce(destination, f"{name_markup(obj)} arrives.", exclude=[obj])
        if obj.kind == Kind.CHARACTER and self.is_online(obj):
            Context(self, obj).look()

    # -- time --------------------------------------------------------------------------------
    def schedule(self, delay: float, callback: Callable[[], None], *, interval: float | None = None, owner: int | None = None) -> Timer:
        return self.scheduler.call_later(delay, callback, interval=interval, owner=owner)

    def run_due(self) -> float | None:
        """Run every timer due on the clock, each as its own turn; return the next due time."""
        for _ in range(10_000):  # bound one catch-up so a flood of timers cannot hang a front end
            timer = self.scheduler.pop_due()
            if timer is None:
                break
            with self.turn():
                try:
                    timer.callback()
                except Exception:
                    log.exception("timer failed")
        return self.scheduler.next_due()

    def sync_behaviours(self, obj: GameObject | None = None) -> None:
        """(Re)schedule objects' behaviours from their ``behaviours`` attribute."""
        targets = [obj] if obj is not None else [o for o in self.world.objects.values() if o.attrs.get("behaviours")]
        for target in targets:
            for timer in self._behaviour_timers.pop(target.id, []):
                timer.cancel()
            spec = target.attrs.get("behaviours") if target.id in self.world.objects else None
            if not isinstance(spec, dict):
                continue
            timers = []
            for name, seconds in spec.items():
                try:
                    interval = max(1.0, float(seconds))
                except (TypeError, ValueError):
                    continue
                timers.append(self.schedule(interval, self._behaviour_tick(target.id, str(name)), interval=interval, owner=target.id))
            self._behaviour_timers[target.id] = timers

    def _behaviour_tick(self, obj_id: int, name: str) -> Callable[[], None]:
        def tick() -> None:
            obj = self.world.get(obj_id)
            # Looked up at each tick, so a reloaded behaviour takes effect at once.
            beh = self.table.behaviours.get(name)
            if obj is None or beh is None:
                return
            ctx = Context(self, obj)
            self._run_guarded(ctx, lambda: beh(ctx), what=f"behaviour {name}")

        return tick

    def _on_world_change(self, change: WorldChange) -> None:
        if change.obj_id is None:
            return
        if change.what == "destroyed":
            for timer in self._behaviour_timers.pop(change.obj_id, []):
                timer.cancel()
        elif change.what == "created" or change.detail.get("field") in ("attrs.behaviours", "attrs", ""):
            obj = self.world.get(change.obj_id)
            if obj is not None and (obj.attrs.get("behaviours") or change.obj_id in self._behaviour_timers):
                self.sync_behaviours(obj)

    # -- the command table ------------------------------------------------------------------
    def swap_table(self, table: CommandTable) -> None:
        """Install a new command table between two inputs (the reloader calls this)."""
        self.table = table

    def request(self, what: str) -> None:
        """Ask the hosting process for something (``shutdown``, ``cold-reload``) after this turn."""
        self.requests.append(what)

    def save_world(self) -> object:
        """Rewrite the whole world and take a backup, if the store can (the `save` command)."""
        save_all = getattr(self.store, "save_all", None)
        if save_all is None:
            return None
        save_all(self.world)
        backup = getattr(self.store, "backup", None)
        return backup() if backup is not None else None

    def announce_all(self, text: str, kind: str = "system") -> None:
        """Markup to every connected session (shutdown notices)."""
        message = Message(text, kind)
        for session in list(self.sessions.values()):
            self._queue(session, message)

    def builders_online(self) -> list[GameObject]:
        out = []
        for char_id in self._by_character:
            obj = self.world.get(char_id)
            if obj is not None and obj.perm >= Perm.BUILDER:
                out.append(obj)
        return out

    def notify_builders(self, text: str, kind: str = "system") -> None:
        """Markup to every builder online (reload reports), as its own turn if needed."""
        with self.turn():
            for obj in self.builders_online():
                self.emit(obj, text, kind)


class _Turn:
    """Nested turns join the outer one; the outermost commits and delivers."""

    __slots__ = ("engine",)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> None:
        self.engine._depth += 1

    def __exit__(self, *exc: object) -> None:
        self.engine._depth -= 1
        if self.engine._depth == 0:
            self.engine._finish_turn()
