"""Engine messages to telnet bytes: MXP is part of the capability a rendering is cached for."""
from __future__ import annotations

from sandbox.engine.session import Message
from sandbox.markup import DEFAULT_THEME
from sandbox.net.telnet.output import render_message, render_text

EXITS = 'Exits: [link=north][exit]north[/exit][/link] <b> & "x"'


def test_one_message_renders_separately_with_and_without_mxp() -> None:
    message = Message(EXITS, "text")
    with_mxp = render_message(message, "ansi16", 80, "ascii", DEFAULT_THEME, True)
    without = render_message(message, "ansi16", 80, "ascii", DEFAULT_THEME, False)
    assert b'\x1b[4z<send href="north">' in with_mxp and b"&lt;b&gt; &amp;" in with_mxp
    assert without == b'Exits: \x1b[36mnorth\x1b[0m <b> & "x"\r\n'
    # Cached: the second call in either order gives the same bytes, not the other kind.
    assert render_message(message, "ansi16", 80, "ascii", DEFAULT_THEME, False) == without
    assert render_message(message, "ansi16", 80, "ascii", DEFAULT_THEME, True) == with_mxp


def test_plain_output_for_an_mxp_client_is_still_escaped() -> None:
    # A screen reader that agreed to MXP gets plain text, which its client still parses.
    out = render_text("<send href=quit>x</send> & [link=look]look[/link]", "plain", 80, "utf-8", None, True)
    assert out == b"&lt;send href=quit&gt;x&lt;/send&gt; &amp; look"
    assert render_text("<b> & [link=look]look[/link]", "plain", 80, "utf-8", None, False) == b"<b> & look"
