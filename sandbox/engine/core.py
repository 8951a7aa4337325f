"""The engine: sessions in, messages out, one turn at a time.

Every input line and every timer runs as a *turn*, and a turn is a transaction: the
command runs, the world's changes become one :class:`ChangeRecord`, the store makes that
record durable, and only then are the turn's messages handed to the sessions' sinks. So
a player never sees an acknowledgement for a change that a crash could still lose, and a
front end receives each turn's output as one batch.

If the command raises (anything, ``SystemExit`` included), overruns its time budget, or
the commit fails, the world is rolled back to where the turn started, none of the
turn's output is shown, and the caller is told why instead (builders get the cause).
"""
from __future__ import annotations

import logging
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from sandbox.engine.changes import ChangeRecord
from sandbox.engine.clock import Clock, Scheduler, Timer
from sandbox.engine.commands import CommandTable
from sandbox.engine.context import Context
from sandbox.engine.describe import name_markup
from sandbox.engine.dispatch import Resolved, Unresolved, resolve
from sandbox.engine.guard import CommitFailed, TurnTimeout, Watchdog, user_frame
from sandbox.engine.history import Entry, History
from sandbox.engine.link_guard import guard_for
from sandbox.engine.locks import LockCheck
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.prototypes import PrototypeLibrary
from sandbox.engine.resets import AreaResets
from sandbox.engine.session import ClientInfo, Message, Session, Sink
from sandbox.engine.text import escape
from sandbox.engine.world import World

log = logging.getLogger("sandbox.engine")

#: Longest input line the engine accepts; front ends cut earlier with a notice.
MAX_LINE = 4096


#: The package's own files: a traceback frame outside it is the user's code.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class Store(Protocol):
    """What the engine needs of persistence: make one turn's record durable, or raise
    :class:`CommitFailed` having written nothing of it."""

    def commit(self, record: ChangeRecord) -> None: ...


class _Failure:
    """Why the current turn will be rolled back, and whom to tell."""

    __slots__ = ("caller", "player_text", "builder_text")

    def __init__(self, caller: GameObject | None, player_text: str, builder_text: str = "") -> None:
        self.caller = caller
        self.player_text = player_text
        self.builder_text = builder_text


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
        #: Called with each committed turn's record (the TUI's observers batch on it).
        self.turn_listeners: list[Callable[[ChangeRecord], None]] = []
        #: Requests from commands to the process hosting the engine (shutdown, cold reload).
        self.requests: list[str] = []
        self.request_listeners: list[Callable[[str], None]] = []
        #: Set by the hot reloader: called before each input so edits apply at the next line.
        self.before_input: Callable[[], None] | None = None
        #: Helpers the hosting process lends to commands by name (``"reloader"``); the
        #: engine never calls them, so it stays free of threads and file watching.
        self.services: dict[str, object] = {}
        #: Every builder's undo/redo stacks (world data: committed with the turns).
        self.history: History = world.history
        #: Interrupts user code that overruns its budget; set by the hosting process.
        self.watchdog: Watchdog | None = None
        #: The current turn: who runs it, which line, whether it goes into their history.
        self._failure: _Failure | None = None
        self._step = ""  # what execute() is running: a command key, an exit word, "lock check"
        self._turn_actor: GameObject | None = None
        self._turn_line = ""
        self._turn_undoable = False
        self._history_ops: list[list[Any]] = []
        self._turn_timers: list[Timer] = []
        self._reported: dict[str, float] = {}
        #: Whether the last finished turn was committed (front ends check it after a
        #: ``with engine.turn():`` block whose failure they must report).
        self.last_turn_ok = True
        #: Who last changed each object, and with what line (for undo's refusals).
        self.last_change: dict[int, tuple[int | None, str]] = {}
        #: Prototypes: the game's files (set by whoever opens the game) and the world's own.
        self.prototypes = PrototypeLibrary()
        self.sync_behaviours()
        #: Area reset timers on this engine's clock, and what each area's last pass did.
        self.resets = AreaResets(self)

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
            self._turn_actor, self._turn_line = caller, line[:MAX_LINE]
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
    def turn(self) -> _Turn:
        return _Turn(self)

    def flush(self) -> None:
        """Commit edits made outside any turn (set-up code, tests) as a turn of their own."""
        if self._depth == 0 and self.world.in_transaction:
            with self.turn():
                pass

    def _finish_turn(self) -> ChangeRecord | None:
        world = self.world
        self._turn_actor, actor = None, self._turn_actor
        txn = world._txn
        if self._failure is None and (txn is None or not txn.touched()) and not self._history_ops:
            # The common turn (look, say, who): nothing to save, undo or roll back.
            self._turn_undoable = False
            self.last_turn_ok = True
            outbox, self._outbox = self._outbox, []
            self._deliver(outbox)
            if self._turn_timers:
                self._turn_timers.clear()
            if self.requests:
                self._run_requests()
            return None
        record: ChangeRecord | None = None
        if self._failure is None:
            record = world.pending_record()
            if actor is not None:
                record.actor, record.line = actor.id, self._turn_line
            if self._turn_undoable and actor is not None and record.world_changed:
                self.history.last_seq += 1
                record.history.append(["push", actor.id, Entry.of(self.history.last_seq, record, time.time())])
            record.history.extend(self._history_ops)
            if record and self.store is not None:
                try:
                    self.store.commit(record)
                except CommitFailed as exc:
                    self._failure = self._commit_failure(exc, actor)
                except Exception as exc:  # a bug in the store must not leave the turn half-done
                    log.exception("store commit raised")
                    self._failure = self._commit_failure(CommitFailed(f"internal error: {exc!r}"), actor)
        self._history_ops = []
        self._turn_undoable = False
        failure, self._failure = self._failure, None
        timers, self._turn_timers = self._turn_timers, []
        if failure is not None:
            self.last_turn_ok = False
            self._roll_back(failure, timers)
            return None
        world.accept()
        if record is not None:
            for op in record.history:
                self.history.apply(op)
        outbox, self._outbox = self._outbox, []
        self._deliver(outbox)
        self.last_turn_ok = True
        if record:
            self._after_commit(record)
            for listener in list(self.turn_listeners):
                try:
                    listener(record)
                except Exception:  # an observer's bug must not break the engine
                    log.exception("turn listener failed")
        self._run_requests()
        return record

    def _run_requests(self) -> None:
        while self.requests:
            request = self.requests.pop(0)
            for on_request in list(self.request_listeners):
                on_request(request)

    def _roll_back(self, failure: _Failure, timers: list[Timer]) -> None:
        """Undo the turn in memory, drop everything it said or asked for, tell the caller why."""
        self.world.rollback()
        for timer in timers:
            timer.cancel()
        self._outbox = []
        self.requests.clear()
        caller = failure.caller
        if caller is not None and caller.id in self.world.objects:
            self._depth += 1  # queue, don't deliver, while building the report
            try:
                self.emit(caller, failure.player_text, "error")
                if failure.builder_text and caller.perm >= Perm.BUILDER:
                    self.emit(caller, failure.builder_text, "traceback")
            finally:
                self._depth -= 1
        outbox, self._outbox = self._outbox, []
        self._deliver(outbox)

    def _deliver(self, outbox: list[tuple[Session, Message]]) -> None:
        for session, message in outbox:
            if session.id in self.sessions:
                try:
                    session.sink(message)
                except Exception:  # a broken front end must not break the engine
                    log.exception("sink of session %s failed", session.id)

    def _commit_failure(self, exc: CommitFailed, caller: GameObject | None) -> _Failure:
        """A failed write: the caller learns it did not happen; builders learn why (once a minute)."""
        where = f" ({exc.path})" if exc.path is not None else ""
        detail = f"[error]Not saved: {escape(exc.reason)}{escape(where)}. Nothing of that turn was kept.[/error]"
        log.error("commit failed: %s%s", exc.reason, where)
        if caller is None:  # a timer or front-end turn: builders hear of it, not every tick
            now = time.monotonic()
            if now - self._reported.get(exc.reason, -1e9) >= 60.0:
                self._reported[exc.reason] = now
                self.notify_builders_later(detail)
        return _Failure(caller, "[error]The world could not save that, so it did not happen. Try again in a moment.[/error]", detail)

    def notify_builders_later(self, text: str) -> None:
        """Markup to every builder online, outside the failed turn (its outbox is dropped)."""
        for obj in self.builders_online():
            for session in self._by_character.get(obj.id, ()):
                try:
                    session.sink(Message(text, "system"))
                except Exception:
                    log.exception("sink of session %s failed", session.id)

    def _after_commit(self, record: ChangeRecord) -> None:
        """Keep behaviour timers in step with what the turn changed."""
        if record.areas:
            self.resets.sync()
        last = self.last_change
        if len(last) > 100_000:
            last.clear()
        for oid, (before, after) in record.objects.items():
            last[oid] = (record.actor, record.line)
            old = ((before or {}).get("attrs") or {}).get("behaviours")
            new = ((after or {}).get("attrs") or {}).get("behaviours")
            if after is None:
                for timer in self._behaviour_timers.pop(oid, []):
                    timer.cancel()
            elif old != new or before is None:
                obj = self.world.get(oid)
                if obj is not None and (new or oid in self._behaviour_timers):
                    self.sync_behaviours(obj)

    def execute(self, caller: GameObject, line: str, *, session: Session | None = None) -> None:
        """Run one line as caller (inside the current turn).

        Lock functions are builders' code and run while resolving (``call`` locks),
        walking (``traverse``) and checking a command's lock, so those run under the
        same guard as commands: a bug or an endless loop in one fails the turn.
        """
        self._step = "lock check"
        self._run_guarded(self._execute, caller, line, session, caller=caller, what=None)

    def _execute(self, caller: GameObject, line: str, session: Session | None) -> None:
        """execute's body, all of it under one guard (one budget stretch per line).
        ``_step`` names what is running, for the failure message."""
        found = resolve(self.world, self.table, caller, line)
        if found is None:
            return
        if isinstance(found, Unresolved):
            if found.no_exit:
                self.emit(caller, self.no_exit_message(caller), "error")
                return
            self.emit(caller, f"[error]{found.message}[/error]", "error")
            return
        assert isinstance(found, Resolved)
        if found.exit is not None:
            self._step = found.word
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
        self._step = cmd.key
        if cmd.lock is not None and not self.can_lock(caller, found.provider or caller, cmd.lock):
            self.emit(caller, f"[error]You may not use '{cmd.key}'.[/error]", "error")
            return
        ctx = Context(
            self, caller, session=session, cmd=cmd, args=found.args, raw=line,
            obj=found.provider, word=found.word, switches=found.switches,
        )
        if self._turn_actor is None:
            self._turn_actor, self._turn_line = caller, line
        if self._turn_actor is caller:
            # Builder commands go into the caller's undo history unless the card says not.
            flag = cmd.undoable
            self._turn_undoable = cmd.perm >= Perm.BUILDER if flag is None else bool(flag)
        cmd.func(ctx)

    def _run_guarded(self, action: Callable[..., Any], *args: Any, caller: GameObject | None, what: str | None) -> bool:
        """Run user code under the time budget; on any failure mark the turn for rollback.

        Catches BaseException: ``sys.exit()`` or ``raise KeyboardInterrupt`` in a command
        is a bug in that command, not a request to stop the server. ``what`` names the
        code for the failure message ("" a timer; None: whatever ``_step`` says).
        """
        watchdog = self.watchdog
        try:
            if watchdog is not None:
                watchdog.enter()
            action(*args)
            overran = watchdog.leave() if watchdog is not None else False
        except BaseException as exc:
            if watchdog is not None:
                watchdog.leave()
            self._fail(caller, self._step if what is None else what, exc)
            return False
        if overran:  # the code caught our TurnTimeout and carried on
            self._fail(caller, self._step if what is None else what, TurnTimeout(watchdog.budget if watchdog is not None else 0.0))
            return False
        return True

    def _fail(self, caller: GameObject | None, key: str, exc: BaseException) -> None:
        if self._failure is not None:
            return  # the first failure of a turn is the one to report
        what = f"'{key}'" if key else "a timer"  # formatted only on failure: this is the hot path
        where = user_frame(exc.__traceback__, _PACKAGE_ROOT)
        at = f" at {where}" if where else ""
        if isinstance(exc, TurnTimeout):
            log.error("%s %s%s; rolled back", what, exc, at)
            text = f"{what} {exc}{at} and was stopped. Nothing it did was kept."
            self._failure = _Failure(caller, f"[error]{escape(text)}[/error]", "")
            return
        log.error("error in %s%s", what, at, exc_info=exc)
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-8))
        self._failure = _Failure(
            caller,
            f"[error]Something went wrong running {escape(what)}, so nothing it did was kept. It has been logged.[/error]",
            f"[error]{escape(type(exc).__name__)}: {escape(str(exc))}{escape(at)}[/error]\n{escape(tb)}",
        )

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
        if not self.can(caller, exit_, "traverse"):
            self.emit(caller, self.lock_message(exit_, "traverse", "[error]It is locked.[/error]"), "error")
            return
        self.move(caller, dest, announce=True, via=exit_)

    def no_exit_message(self, caller: GameObject) -> str:
        """What walking into a wall says: the room's ``err_no_exit`` attribute, if set."""
        room = self.world.room_of(caller)
        text = room.attrs.get("err_no_exit") if room is not None else None
        if isinstance(text, str) and text:
            return guard_for(self.table).apply(text)
        return "[error]You can't go that way.[/error]"

    # -- locks (see locks.py) -------------------------------------------------------------
    def can(self, who: GameObject, obj: GameObject, access: str, *, default: bool = True) -> bool:
        """Does obj's ``access`` lock let who through? ``default`` if obj has no such lock.

        Locks are the world's rules and hold for everyone, admins too, so an admin
        playtesting the gate meets it as players do (Evennia's superuser passes every
        lock; here a lock says ``or perm(admin)`` if it means that). The one exception
        is ``edit``: admins always pass it, so no builder can lock them out of the world.
        """
        locks = obj.locks
        if not locks:
            return default
        expr = locks.get(access)
        if expr is None:
            return default
        if access == "edit" and who.perm >= Perm.ADMIN:
            return True
        funcs = self.table.locks
        compiled = funcs.cache.get(expr) or funcs.compiled(expr)  # the hot path: one dict hit
        return bool(compiled(LockCheck(who, obj, self.world, access)))

    def can_lock(self, who: GameObject, obj: GameObject, expr: str, access: str = "call") -> bool:
        """Does who pass the lock expression expr, checked against obj (a command's lock)?"""
        return bool(self.table.locks.compiled(expr)(LockCheck(who, obj, self.world, access)))

    def lock_message(self, obj: GameObject, access: str, default: str) -> str:
        """The markup to show when obj's ``access`` lock refuses: its ``err_<access>``
        attribute (Evennia's ``err_traverse``), or default."""
        message = obj.attrs.get(f"err_{access}")
        # A builder's text: a privileged link in it is shown as plain text (link_guard.py).
        if isinstance(message, str) and message:
            return guard_for(self.table).apply(message)
        return default

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
        timer = self.scheduler.call_later(delay, callback, interval=interval, owner=owner)
        if self._depth:
            self._turn_timers.append(timer)  # cancelled again if the turn fails
        return timer

    def run_due(self) -> float | None:
        """Run every timer due on the clock, each as its own turn; return the next due time."""
        for _ in range(10_000):  # bound one catch-up so a flood of timers cannot hang a front end
            timer = self.scheduler.pop_due()
            if timer is None:
                break
            with self.turn():
                self._run_guarded(timer.callback, caller=None, what="")
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
            beh(ctx)  # run_due already guards the whole timer turn

        return tick

    # -- the command table ------------------------------------------------------------------
    def swap_table(self, table: CommandTable) -> None:
        """Install a new command table between two inputs (the reloader calls this)."""
        self.table = table

    def request(self, what: str) -> None:
        """Ask the hosting process for something (``shutdown``, ``cold-reload``) after this turn."""
        self.requests.append(what)

    def save_world(self) -> object:
        """Write a full checkpoint and take a backup, if the store can (the `save` command)."""
        checkpoint = getattr(self.store, "checkpoint", None)
        if checkpoint is None:
            return None
        checkpoint(self.world)
        backup = getattr(self.store, "backup", None)
        return backup() if backup is not None else None

    def _changed_by(self, oid: int) -> str:
        actor, line = self.last_change.get(oid, (None, ""))
        who = self.world.get(actor)
        return f"{who.name}: {line}" if who is not None and line else ""

    def undo(self, caller: GameObject, count: int = 1, *, redo: bool = False) -> list[Entry]:
        """Undo (or redo) caller's last ``count`` turns, newest first, inside this turn.

        Raises ValueError with the reason if any of them cannot be: the turn then fails
        as a whole, so it is never applied halfway.
        """
        from sandbox.engine.history import conflicts, restore

        stacks = self.history.of(caller.id)
        source = list(stacks.redo if redo else stacks.undo)
        if not source:
            raise ValueError(f"Nothing to {'redo' if redo else 'undo'}.")
        done: list[Entry] = []
        for entry in reversed(source[-count:]):
            problems = conflicts(self.world, entry, redo=redo, changed_by=self._changed_by)
            if problems:
                verb = "redo" if redo else "undo"
                raise ValueError(f"Can't {verb} '{entry.line}': " + "; ".join(problems[:5]) + ". Nothing was changed.")
            restore(self.world, entry, redo=redo)
            self._history_ops.append(["redo" if redo else "undo", caller.id, entry.seq])
            done.append(entry)
        return done

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
        engine = self.engine
        txn = engine.world._txn
        if engine._depth == 0 and txn is not None and txn.touched():
            # Edits made between turns (set-up code) are committed on their own first,
            # so this turn's rollback can never take them with it.
            engine._finish_turn()
        engine._depth += 1

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        engine = self.engine
        if exc is not None and engine._failure is None:
            # Front-end code raised inside the turn: roll back, then let the bug surface.
            engine._failure = _Failure(None, "")
            log.error("turn aborted by %s: %s", exc_type.__name__ if exc_type else "?", exc)
        engine._depth -= 1
        if engine._depth == 0:
            engine._finish_turn()
