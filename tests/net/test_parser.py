"""The telnet parser, fed bytes with no socket."""
from __future__ import annotations

import random

from sandbox.net.telnet import codes as T
from sandbox.net.telnet.parser import Command, Data, Dropped, Negotiation, Subnegotiation, TelnetParser


def feed_all(parser: TelnetParser, *chunks: bytes) -> list[object]:
    out: list[object] = []
    for chunk in chunks:
        out.extend(parser.feed(chunk))
    return out


def test_data_commands_and_escaped_iac() -> None:
    events = TelnetParser().feed(b"ab\xff\xffc\xff\xfb\x18d\xff\xf1")
    assert events == [Data(b"ab\xffc"), Negotiation(T.WILL, T.TTYPE), Data(b"d"), Command(T.NOP)]


def test_subnegotiation_split_across_chunks_with_doubled_iac() -> None:
    parser = TelnetParser()
    events = feed_all(parser, b"x\xff\xfa\x1f\x00", b"\xff\xff\x00", b"\x18\xff", b"\xf0y")
    assert events == [Data(b"x"), Subnegotiation(T.NAWS, b"\x00\xff\x00\x18"), Data(b"y")]


def test_oversized_subnegotiation_is_dropped_and_parsing_resumes() -> None:
    parser = TelnetParser(max_sb=16)
    events = feed_all(parser, b"\xff\xfa\xc9" + b"A" * 100, b"B" * 100 + b"\xff\xf0look\r\n")
    assert events == [Dropped(T.GMCP), Data(b"look\r\n")]


def test_unterminated_subnegotiation_gives_up_after_the_discard_limit() -> None:
    parser = TelnetParser(max_sb=16, max_discard=1000)
    events = feed_all(parser, b"\xff\xfa\x18" + b"x" * 2000, b"hello")
    assert Dropped(T.TTYPE) in events
    assert events[-1] == Data(b"hello")


def test_iac_command_inside_subnegotiation_ends_it() -> None:
    events = TelnetParser().feed(b"\xff\xfa\x18\x00abc\xff\xfd\x01z")
    assert events == [Subnegotiation(T.TTYPE, b"\x00abc"), Negotiation(T.DO, T.ECHO), Data(b"z")]


def test_random_bytes_never_raise_and_sb_stays_bounded() -> None:
    rng = random.Random(7)
    parser = TelnetParser(max_sb=64, max_discard=256)
    alphabet = [0xFF, 0xFA, 0xF0, 0xFB, 0xFD, 0x18, 0x1F, 0x0D, 0x0A, 0x00, 0x41]
    for _ in range(2000):
        chunk = bytes(rng.choice(alphabet) if rng.random() < 0.7 else rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        for event in parser.feed(chunk):
            if isinstance(event, Subnegotiation):
                assert len(event.payload) <= 64 + 1
        assert len(parser._sb) <= 64 + 1
