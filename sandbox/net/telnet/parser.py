"""A telnet byte-stream parser with no I/O: feed bytes, get events.

Modelled on prompt-toolkit's telnet ``protocol.py``, but as a state machine over whole
chunks (plain data is sliced out with ``bytes.find``, not byte by byte), and with hard
bounds: a subnegotiation longer than ``max_sb`` is dropped, and one that never ends
stops swallowing input after ``max_discard`` bytes. Nothing a client sends can make it
raise or grow without bound.
"""
from __future__ import annotations

from dataclasses import dataclass

from sandbox.net.telnet.codes import DO, DONT, IAC, SB, SE, WILL, WONT

#: Largest subnegotiation payload kept (GMCP messages, TTYPE names, NAWS).
MAX_SB = 8192
#: After an oversized subnegotiation, how much more is skipped looking for IAC SE before
#: giving up and treating the stream as data again (an unterminated SB must not eat a
#: connection's input forever).
MAX_DISCARD = 65536


@dataclass(frozen=True, slots=True)
class Data:
    payload: bytes  # IAC IAC already undoubled


@dataclass(frozen=True, slots=True)
class Command:
    code: int  # NOP, GA, AYT, IP, ...


@dataclass(frozen=True, slots=True)
class Negotiation:
    verb: int  # WILL | WONT | DO | DONT
    option: int


@dataclass(frozen=True, slots=True)
class Subnegotiation:
    option: int
    payload: bytes


@dataclass(frozen=True, slots=True)
class Dropped:
    """A subnegotiation was too long (or never ended) and was thrown away."""

    option: int


Event = Data | Command | Negotiation | Subnegotiation | Dropped

_DATA, _IAC, _NEG, _SB_OPT, _SB, _SB_IAC, _DISCARD, _DISCARD_IAC = range(8)


class TelnetParser:
    def __init__(self, *, max_sb: int = MAX_SB, max_discard: int = MAX_DISCARD) -> None:
        self.max_sb = max_sb
        self.max_discard = max_discard
        self._state = _DATA
        self._verb = 0
        self._option = 0
        self._sb = bytearray()
        self._discarded = 0

    def feed(self, data: bytes) -> list[Event]:
        if self._state == _DATA and IAC not in data:  # the common case: just text
            return [Data(data)] if data else []
        events: list[Event] = []
        pos, end = 0, len(data)
        out = bytearray()  # data bytes collected across IAC IAC escapes
        while pos < end:
            state = self._state
            if state == _DATA:
                nxt = data.find(IAC, pos)
                if nxt < 0:
                    out += data[pos:]
                    break
                out += data[pos:nxt]
                pos = nxt + 1
                self._state = _IAC
                continue
            byte = data[pos]
            pos += 1
            if state == _IAC:
                if byte == IAC:
                    out.append(IAC)
                    self._state = _DATA
                    continue
                if out:
                    events.append(Data(bytes(out)))
                    out.clear()
                if byte in (WILL, WONT, DO, DONT):
                    self._verb = byte
                    self._state = _NEG
                elif byte == SB:
                    self._state = _SB_OPT
                else:
                    events.append(Command(byte))  # includes a stray SE: harmless
                    self._state = _DATA
            elif state == _NEG:
                events.append(Negotiation(self._verb, byte))
                self._state = _DATA
            elif state == _SB_OPT:
                self._option = byte
                self._sb.clear()
                self._state = _SB
            elif state == _SB:
                # Copy up to the next IAC in one slice.
                nxt = data.find(IAC, pos - 1)
                stop = end if nxt < 0 else nxt
                size = len(self._sb) + stop - (pos - 1)
                if size > self.max_sb:
                    self._sb.clear()
                    self._discarded = size
                    self._state = _DISCARD
                    pos = stop
                    if self._discarded > self.max_discard:
                        events.append(Dropped(self._option))
                        self._state = _DATA
                    continue
                self._sb += data[pos - 1 : stop]
                pos = stop
                if nxt >= 0:
                    pos += 1
                    self._state = _SB_IAC
            elif state == _SB_IAC:
                if byte == IAC:
                    self._sb.append(IAC)
                    self._state = _SB
                    if len(self._sb) > self.max_sb:
                        self._sb.clear()
                        self._discarded = 0
                        self._state = _DISCARD
                elif byte == SE:
                    events.append(Subnegotiation(self._option, bytes(self._sb)))
                    self._sb.clear()
                    self._state = _DATA
                else:
                    # IAC <cmd> inside SB is a protocol error: end the SB here and
                    # read the command normally, so a broken client cannot wedge us.
                    events.append(Subnegotiation(self._option, bytes(self._sb)))
                    self._sb.clear()
                    self._state = _IAC
                    pos -= 1
            elif state == _DISCARD:
                nxt = data.find(IAC, pos - 1)
                stop = end if nxt < 0 else nxt + 1
                self._discarded += stop - (pos - 1)
                pos = stop
                if nxt >= 0:
                    self._state = _DISCARD_IAC
                if self._discarded > self.max_discard:
                    events.append(Dropped(self._option))
                    self._state = _DATA
            elif state == _DISCARD_IAC:
                if byte == SE:
                    events.append(Dropped(self._option))
                    self._state = _DATA
                else:
                    self._state = _DISCARD
        if out:
            events.append(Data(bytes(out)))
        return events
