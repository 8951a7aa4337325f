"""Option negotiation without a socket: what we answer and what we learn."""
from __future__ import annotations

import json

from sandbox.net.client import ClientFacts
from sandbox.net.telnet import codes as T
from sandbox.net.telnet.options import MXP_START, START_COMPRESSION, STOP_COMPRESSION, Negotiator
from sandbox.net.telnet.parser import TelnetParser

SEND_TTYPE = T.subnegotiation(T.TTYPE, b"\x01")


def negotiator(**mssp: str) -> tuple[Negotiator, TelnetParser]:
    neg = Negotiator(ClientFacts(), mssp=lambda: dict(mssp))
    neg.start()
    neg.outgoing.clear()
    return neg, TelnetParser()


def client_says(neg: Negotiator, parser: TelnetParser, data: bytes) -> list[object]:
    for event in parser.feed(data):
        neg.handle(event)
    out, neg.outgoing = neg.outgoing, []
    return out


def ttype_is(name: str) -> bytes:
    return T.subnegotiation(T.TTYPE, b"\x00" + name.encode())


def test_tintin_mtts_cycle_gives_truecolor_and_utf8() -> None:
    neg, p = negotiator()
    assert client_says(neg, p, T.command(T.WILL, T.TTYPE)) == [SEND_TTYPE]
    assert client_says(neg, p, ttype_is("TINTIN++")) == [SEND_TTYPE]
    assert client_says(neg, p, ttype_is("xterm-256color")) == [SEND_TTYPE]
    assert client_says(neg, p, ttype_is("MTTS 271")) == []
    facts = neg.facts
    assert (facts.client, facts.terminal, facts.mtts, facts.colour, facts.charset) == (
        "TINTIN++", "xterm-256color", 271, "truecolor", "utf-8")


def test_terminal_type_repeated_ends_the_cycle_at_256_colours() -> None:
    neg, p = negotiator()
    client_says(neg, p, T.command(T.WILL, T.TTYPE))
    client_says(neg, p, ttype_is("XTERM-256COLOR"))
    assert client_says(neg, p, ttype_is("XTERM-256COLOR")) == []
    assert neg.ttype_done and neg.facts.colour == "ansi256"


def test_screen_reader_bit_means_plain_output() -> None:
    neg, p = negotiator()
    client_says(neg, p, T.command(T.WILL, T.TTYPE) + ttype_is("MUDLET") + ttype_is("ANSI") + ttype_is("MTTS 69"))
    assert neg.facts.colour == "plain" and neg.facts.screen_reader


def test_silent_client_keeps_16_colours_and_a_safe_charset() -> None:
    neg, p = negotiator()
    client_says(neg, p, T.command(T.WONT, T.TTYPE) + T.command(T.DONT, T.CHARSET))
    assert (neg.facts.colour, neg.facts.charset) == ("ansi16", "ascii")


def test_naws_sets_and_follows_the_width() -> None:
    neg, p = negotiator()
    client_says(neg, p, T.command(T.WILL, T.NAWS) + T.subnegotiation(T.NAWS, bytes((0, 120, 0, 40))))
    assert (neg.facts.width, neg.facts.height, neg.resized) == (120, 40, True)
    client_says(neg, p, T.subnegotiation(T.NAWS, bytes((0, 5, 0, 40))))
    assert neg.facts.width == 20  # clamped: nobody reads a 5-column MUD


def test_charset_request_accept_and_fallback() -> None:
    neg, p = negotiator()
    out = client_says(neg, p, T.command(T.DO, T.CHARSET))
    assert out == [T.subnegotiation(T.CHARSET, b"\x01;UTF-8;ISO-8859-1;US-ASCII")]
    client_says(neg, p, T.subnegotiation(T.CHARSET, b"\x02UTF-8"))
    assert neg.facts.charset == "utf-8"


def test_gmcp_hello_and_supports() -> None:
    neg, p = negotiator()
    client_says(neg, p, T.command(T.DO, T.GMCP))
    client_says(neg, p, T.subnegotiation(T.GMCP, b'Core.Hello {"client":"Mudlet","version":"4.17"}'))
    client_says(neg, p, T.subnegotiation(T.GMCP, b'Core.Supports.Set ["Char 1","Room 1"]'))
    client_says(neg, p, T.subnegotiation(T.GMCP, b"Core.Supports.Set not json"))
    assert neg.facts.gmcp and neg.facts.client == "Mudlet" and neg.facts.gmcp_supports == ["Char 1", "Room 1"]


def test_mssp_answers_with_the_servers_values() -> None:
    neg, p = negotiator(NAME="demo", PLAYERS="3")
    (reply,) = client_says(neg, p, T.command(T.DO, T.MSSP))
    assert reply == T.subnegotiation(T.MSSP, b"\x01NAME\x02demo\x01PLAYERS\x023")


def test_mccp2_starts_after_its_marker_and_stops_on_dont() -> None:
    neg, p = negotiator()
    assert client_says(neg, p, T.command(T.DO, T.MCCP2)) == [T.subnegotiation(T.MCCP2, b""), START_COMPRESSION]
    assert client_says(neg, p, T.command(T.DONT, T.MCCP2)) == [STOP_COMPRESSION, T.command(T.WONT, T.MCCP2)]


def test_unknown_options_are_refused_once_and_confirmations_get_no_reply() -> None:
    neg, p = negotiator()
    assert client_says(neg, p, T.command(T.DO, 99) + T.command(T.WILL, 98)) == [T.command(T.WONT, 99), T.command(T.DONT, 98)]
    # Answers to our own offers are confirmations: replying would start a loop.
    assert client_says(neg, p, T.command(T.DO, T.SGA) + T.command(T.DO, T.EOR) + T.command(T.WILL, T.NAWS)) == []
    assert neg.facts.eor
    # The client may not turn on ECHO by itself (only we do, for passwords).
    assert client_says(neg, p, T.command(T.DO, T.ECHO)) == [T.command(T.WONT, T.ECHO)]


def test_password_echo_on_and_off() -> None:
    neg, p = negotiator()
    neg.hide_input(True)
    assert neg.outgoing == [T.command(T.WILL, T.ECHO)]
    neg.outgoing.clear()
    assert client_says(neg, p, T.command(T.DO, T.ECHO)) == []
    neg.hide_input(False)
    assert neg.outgoing == [T.command(T.WONT, T.ECHO)]
    neg.outgoing.clear()
    assert client_says(neg, p, T.command(T.DONT, T.ECHO)) == []


def test_mxp_is_offered_and_started_only_when_the_client_agrees() -> None:
    neg = Negotiator(ClientFacts())
    neg.start()
    assert T.command(T.WILL, T.MXP) in neg.outgoing and MXP_START not in neg.outgoing
    neg.outgoing.clear()
    p = TelnetParser()
    # DO answers our offer: no WILL back (a loop), just the start, IAC SB MXP IAC SE.
    assert client_says(neg, p, T.command(T.DO, T.MXP)) == [b"\xff\xfa\x5b\xff\xf0"]
    assert neg.facts.mxp
    assert client_says(neg, p, T.command(T.DO, T.MXP)) == []  # a repeat changes nothing
    assert client_says(neg, p, T.command(T.DONT, T.MXP)) == [T.command(T.WONT, T.MXP)]
    assert not neg.facts.mxp
    # Asked again later (the user turned MXP back on): agree and start again.
    assert client_says(neg, p, T.command(T.DO, T.MXP)) == [T.command(T.WILL, T.MXP), MXP_START]
    assert neg.facts.mxp


def test_mxp_stays_off_when_refused_or_ignored() -> None:
    neg, p = negotiator()
    assert not neg.facts.mxp  # never answered
    assert client_says(neg, p, T.command(T.DONT, T.MXP)) == []  # refusing our offer needs no reply
    assert not neg.facts.mxp
    # WILL MXP is the wrong direction (the server does MXP): refused.
    assert client_says(neg, p, T.command(T.WILL, T.MXP)) == [T.command(T.DONT, T.MXP)]
    assert not neg.facts.mxp


def test_client_facts_json_round_trip_keeps_mxp() -> None:
    facts = ClientFacts(client="MUDLET", mxp=True, gmcp_supports=["Char 1"])
    data = json.loads(json.dumps(facts.to_json()))
    assert data["mxp"] is True and ClientFacts.from_json(data) == facts
    older = {k: v for k, v in data.items() if k != "mxp"}  # from a portal without the field
    assert ClientFacts.from_json(older).mxp is False
