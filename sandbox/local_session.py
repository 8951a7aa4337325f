"""One character played from this process: the session every in-process front end opens.

The TUI, ``sandbox play``, the transcript runner and the test harness all connect a
character to the engine here, in one way: the session's sink collects the messages (or
forwards them), notices the engine closing the session (``quit``, a takeover), and
notices a ``shutdown`` request through the engine's request listeners. Requests are
drained at the end of every turn, so a front end that looked at ``engine.requests``
after a command would never see one: listening is the only way to hear it.
"""
from __future__ import annotations

from collections.abc import Callable

from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject
from sandbox.engine.session import ClientInfo, Message, Sink
from sandbox.game import Game
from sandbox.markup import plain


class LocalSession:
    """A connected character; ``ended`` once the engine closed it or shutdown was asked.

    Messages go to ``forward`` if given, else into ``inbox`` (``text`` reads it).
    ``on_end`` is called once, when the session is closed by the engine or a shutdown is
    requested, so an event loop can stop waiting for input.
    """

    def __init__(
        self,
        engine: Engine,
        character: GameObject,
        info: ClientInfo,
        *,
        forward: Sink | None = None,
        on_end: Callable[[], None] | None = None,
        on_close: Callable[[GameObject], None] | None = None,
    ) -> None:
        self.engine = engine
        self.character = character
        self.info = info
        self.forward = forward
        self.on_end = on_end
        #: Called with the character after the session is disconnected (the local builder
        #: leaves the world unless someone else plays it).
        self.on_close = on_close
        self.inbox: list[Message] = []
        self.closed = False  # the engine asked the front end to close this session
        self.shutdown = False  # a command asked the hosting process to stop
        self._text: str | None = None
        self.session = engine.connect(character, self._sink, info)
        engine.request_listeners.append(self._on_request)

    @property
    def id(self) -> int:
        return self.session.id

    @property
    def ended(self) -> bool:
        return self.closed or self.shutdown

    @property
    def live(self) -> bool:
        """Still connected to the engine (not closed by us or by a takeover)."""
        return self.engine.sessions.get(self.session.id) is self.session

    def send(self, line: str) -> None:
        """One input line as this character: permissions and saving go the normal way."""
        if self.live:
            self.engine.input(self.session.id, line)

    def reconnect(self) -> None:
        """A new engine session for the same character and sink (a login after ``quit``)."""
        self.closed = False
        self.session = self.engine.connect(self.character, self._sink, self.info)
        if self._on_request not in self.engine.request_listeners:
            self.engine.request_listeners.append(self._on_request)

    # -- what arrives ---------------------------------------------------------------------
    def _sink(self, message: Message) -> None:
        if message.kind == "close":
            self.closed = True
        if self.forward is not None:
            self.forward(message)
        else:
            self.inbox.append(message)
            self._text = None
        if message.kind == "close" and self.on_end is not None:
            self.on_end()

    def _on_request(self, what: str) -> None:
        if what == "shutdown" and not self.shutdown:
            self.shutdown = True
            if self.on_end is not None:
                self.on_end()

    def clear(self) -> None:
        """Forget what was collected (checks look at what arrives after this)."""
        self.inbox = []
        self._text = None

    def text(self) -> str:
        """The collected messages as plain text, one per line (rendered once, on demand)."""
        if self._text is None:
            self._text = "\n".join(plain(m.text) for m in self.inbox if m.text)
        return self._text

    # -- the end ---------------------------------------------------------------------------
    def close(self) -> None:
        """Disconnect (safe to call twice); the character's ``on_close`` runs once."""
        if self._on_request in self.engine.request_listeners:
            self.engine.request_listeners.remove(self._on_request)
        if self.live:
            self.engine.disconnect(self.session.id)
            if self.on_close is not None:
                self.on_close(self.character)


def play_local(
    game: Game, name: str, info: ClientInfo, *, forward: Sink | None = None, on_end: Callable[[], None] | None = None
) -> LocalSession:
    """The game's local builder (made on first use, back where it left), connected;
    closing the session takes it out of the world unless someone else plays it."""
    return LocalSession(game.engine, game.enter_local(name), info, forward=forward, on_end=on_end, on_close=game.leave_local)
