"""The rendering conformance corpus: markup samples checked against real renderers (a
terminal emulator for ANSI, headless Chromium for HTML). Each sample is rendered at
``WIDTH`` cells. Names are stable: the report table in docs/markup.md lists them."""
from __future__ import annotations

WIDTH = 20

SAMPLES: dict[str, str] = {
    # plain text and wrapping
    "plain-short": "A quiet hall.",
    "plain-wrap": "The quick brown fox jumps over the lazy dog by the old mill.",
    "long-word": "Behold: Pneumonoultramicroscopicsilicovolcanoconiosis!",
    "long-word-styled": "[bold]Supercalifragilisticexpialidocious[/bold] indeed",
    "indent-wrap": "    An indented line that wraps onto a second line here.",
    "multi-line": "First line.\nSecond line.\n\nAfter a blank.",
    "indent-after-blank": "Intro.\n\n  [npc]Indented[/npc] paragraph that wraps onto more lines.\n\nOutro.",
    "indent-list": "Exits:\n  north to the mill by the river\n  [exit]south[/exit] to the ford",
    "exact-width": "abcdefghijklmnopqrst",
    "exact-width-then-more": "abcdefghijklmnopqrst yz",
    "spaces-kept": "a  b   c",
    # tabs
    "tab-start": "\tTabbed text.",
    "tab-middle": "ab\tcd\tef",
    "tab-after-wide": "古\tx",
    "tab-styled": "[red]a\tb[/red]",
    # wide characters
    "cjk-short": "古い水車小屋",
    "cjk-wrap": "[room]古い水車小屋[/room] 粉が舞う。 粉屋がこちらを見ている。",
    "cjk-long-word": "粉屋がこちらを見ている粉屋がこちらを見ている",
    "cjk-mixed": "The 水車 turns; the 粉 falls.",
    "fullwidth": "ＦＵＬＬ　ＷＩＤＴＨ",
    "emoji": "🐉🐉🐉🐉🐉 🐉🐉🐉🐉🐉",
    "emoji-wrap": "A 🐉 sleeps; a 🦊 watches; a 🐈 naps by the 🔥.",
    "emoji-zwj": "Family: 👨\u200d👩\u200d👧 here.",
    "emoji-zwj-wrap": "👨\u200d👩\u200d👧👨\u200d👩\u200d👧 and 👩\u200d🚀👩\u200d🚀 at the mill door.",
    "emoji-flag": "Flag 🇯🇵 flies.",
    "emoji-skin": "Wave 👋🏽 hello.",
    # combining marks
    "combining": "cafe\u0301 and nai\u0308ve",
    "combining-wrap": "re\u0301sume\u0301 re\u0301sume\u0301 re\u0301sume\u0301 re\u0301sume\u0301",
    "combining-stack": "Z\u0351\u0352\u0353algo text",
    "hangul-jamo": "\u1112\u1161\u11ab\u1100\u1173\u11af",
    # styles
    "bold": "[bold]strong[/bold] and plain",
    "italic-underline": "[italic]lean[/italic] [underline]line[/underline]",
    "strike": "[strike]gone[/strike] here",
    "dim": "[dim]faint[/dim] words",
    "semantic-room": "[room]The Old Mill[/room] by the [exit]north[/exit] road",
    "semantic-many": "[npc]Miller[/npc] [item]sack[/item] [say]hi[/say] [error]no[/error]",
    "nested-colours": "[red]red [blue]blue[/blue] red[/red]",
    "nested-bg": "[on blue]blue bg [red]red on blue[/red] bg[/on blue]",
    "hex-colours": "[#e0c060]gold[/] [#30a0ff]sky[/] [#c03030]rust[/]",
    "indexed": "[color(208)]orange[/color(208)] [color(33)]blue[/color(33)]",
    "bright": "[bright_cyan]cyan[/] [bright_magenta]pink[/]",
    "close-all": "[bold][red]a[/]b",
    "close-outer-first": "[bold][red]a[/bold]b[/red]",
    "styled-wrap": "[green]A green sentence that is long enough to wrap twice over.[/green]",
    "styled-bg-wrap": "[on #203040]Background across a wrapped line of words.[/on #203040]",
    # reverse
    "reverse": "[reverse]inverted[/reverse] normal",
    "reverse-nested": "[red]a[reverse]inner[/reverse]b[/red]",
    "reverse-bg": "[red on blue]x[reverse]y[/reverse]z[/red on blue]",
    "reverse-inner-colour": "[reverse]rev [green]green[/green] rev[/reverse]",
    "reverse-twice": "[reverse]a[reverse]b[/reverse]c[/reverse]",
    # links
    "link": "[link=look mill]the mill[/link] stands",
    "link-styled": "[link=north][exit]north[/exit][/link] or [link=south]south[/link]",
    "link-wrap": "Go [link=go to the far meadow]to the far meadow beyond the hills[/link] now.",
    # invalid markup (rendered literally)
    "invalid-tag": "[blod]x[/blod] tail",
    "invalid-close": "a [/color] b",
    "invalid-unclosed": "[room]unclosed room",
    "invalid-colour": "[#12345]bad[/#12345]",
    "invalid-color-close": "Tar smell. A [color(208)]lantern[/color] hangs.",
    "escaped-bracket": "[[not a tag] and [[room]",
    "textual-markup": "[@click=app.quit]quit[/] [$accent]x[/]",
    # controls
    "bidi": "says \u202eevil\u202c ok",
    "html-chars": "<b>&amp;</b> \"quoted\" 'single'",
}
