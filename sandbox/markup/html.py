"""HTML rendering: a fragment of nested spans, the theme as CSS, and a preview page.

Semantic tags become ``<span class="mk-room">`` and the theme decides their look in CSS,
so a web client switches theme by swapping one stylesheet. Explicit styles become inline
``style``. Spans nest like the tags did, so CSS inheritance layers inner tags over outer
ones exactly as the ANSI renderer does. Every piece of text and every attribute value is
escaped (``< > & " '``): nothing in markup or player text can produce live HTML.
"""
from __future__ import annotations

import html
import secrets
from collections.abc import Sequence
from functools import lru_cache

from sandbox.markup.ansi import interleave
from sandbox.markup.colour import css_colour
from sandbox.markup.parser import Frame, Link, Parsed, Program
from sandbox.markup.style import Style
from sandbox.markup.tags import THEME_KEYS
from sandbox.markup.theme import Theme

_escape = html.escape  # quote=True: escapes ' and " too, so text is safe in attributes
_span_cache: dict[Frame, str] = {}


def style_css(style: Style) -> str:
    """CSS declarations for a style. Colours set the logical colour variables
    ``--mk-c`` (foreground) and ``--mk-b`` (background), which inherit; the rules in
    ``theme_css`` paint every span from them, so reverse and dim (classes ``mk-rev`` and
    ``mk-dim``, see ``style_classes``) act on the resolved colours as a terminal does."""
    decls: list[str] = []
    if style.has("bold"):
        decls.append("font-weight:bold")
    if style.has("italic"):
        decls.append("font-style:italic")
    lines = [name for name, attr in (("underline", "underline"), ("line-through", "strike")) if style.has(attr)]
    if lines:
        decls.append(f"text-decoration:{' '.join(lines)}")
    if style.fg is not None:
        decls.append(f"--mk-c:{css_colour(style.fg)}")
    if style.bg is not None:
        decls.append(f"--mk-b:{css_colour(style.bg)}")
    return ";".join(decls)


def style_classes(style: Style) -> str:
    """The classes for what inherits through nested spans in a terminal: reverse, dim."""
    return " ".join(name for name, attr in (("mk-rev", "reverse"), ("mk-dim", "dim")) if style.has(attr))


def _span(frame: Frame) -> str:
    tag = _span_cache.get(frame)
    if tag is None:
        if frame.semantic is not None:
            tag = f'<span class="mk-{frame.semantic}">'
        else:
            css = style_css(frame.style) if frame.style is not None else ""
            classes = style_classes(frame.style) if frame.style is not None else ""
            attrs = (f' class="{classes}"' if classes else "") + (f' style="{_escape(css)}"' if css else "")
            tag = f"<span{attrs}>"
        if len(_span_cache) > 4096:  # bounded: frames are interned, but not forever
            _span_cache.clear()
        _span_cache[frame] = tag
    return tag


def _anchor(link: Link) -> str:
    # The command comes from escaped markup: it is already safe as an attribute value.
    return f'<a class="mk-link" href="#" data-send="{link.command}">'


@lru_cache(maxsize=8192)
def _template(program: Program, present: tuple[bool, ...] | None) -> tuple[tuple[str, ...], str]:
    """The tags before each non-empty run and after the last, for one program."""
    prefixes: list[str] = []
    open_frames: tuple[Frame, ...] = ()
    open_link: Link | None = None
    for index, (frames, link) in enumerate(zip(program.frames, program.links)):
        if present is not None and not present[index]:
            continue
        prefix: list[str] = []
        if link != open_link:
            prefix.append("</span>" * len(open_frames))
            if open_link is not None:
                prefix.append("</a>")
            if link is not None:
                prefix.append(_anchor(link))
            open_frames, open_link = (), link
        if frames != open_frames:
            keep = 0
            for old, new in zip(open_frames, frames):
                if old is not new:
                    break
                keep += 1
            prefix.append("</span>" * (len(open_frames) - keep))
            prefix.extend(_span(frame) for frame in frames[keep:])
            open_frames = frames
        prefixes.append("".join(prefix))
    suffix = "</span>" * len(open_frames) + ("</a>" if open_link is not None else "")
    return tuple(prefixes), suffix


def render_html(parsed: Parsed) -> str:
    """An HTML fragment from a parse of HTML-ESCAPED markup (see ``escape_markup``).

    Escaping the markup before parsing escapes every text in one call; it cannot change
    what tags mean (tags hold no ``& < > " '`` except link commands, which are attribute
    values and want escaping anyway, and malformed tags, which render as text).
    The fragment does not depend on the theme: that is ``theme_css``.
    """
    texts: Sequence[str] = parsed[1]
    present: tuple[bool, ...] | None = None
    if not all(texts):
        present = tuple(map(bool, texts))
        texts = list(filter(None, texts))
    prefixes, suffix = _template(parsed[0], present)
    return interleave(prefixes, texts, suffix)


escape_markup = html.escape


def theme_css(theme: Theme) -> str:
    """The stylesheet for fragments: wrap them in an element with class ``mk``.

    Spans and links are painted from the inherited logical colours (``--mk-c``,
    ``--mk-b``); inside a reverse span (and its descendants, as reverse inherits in a
    terminal) they are swapped, and dim mixes only the text colour toward the background
    (opacity would dim backgrounds too). Text wraps like the ANSI wrap: at spaces, and
    inside a word only when the word is longer than the line (``overflow-wrap``).
    """
    reverse = [".mk .mk-rev", ".mk .mk-rev *"]
    dim = [".mk .mk-dim", ".mk .mk-dim *"]
    rules = [
        f".mk{{--mk-bg:{theme.background};--mk-fg:{theme.foreground};--mk-c:var(--mk-fg);--mk-b:var(--mk-bg);"
        "background:var(--mk-bg);color:var(--mk-fg);white-space:pre-wrap;overflow-wrap:anywhere;word-break:keep-all;tab-size:8;"
        "font-family:ui-monospace,Menlo,Consolas,monospace}",
        ".mk span,.mk a{color:var(--mk-c);background-color:var(--mk-b)}",
        ".mk a.mk-link{text-decoration:none;cursor:pointer}",
        # An indented line (see html_indent.py): its wrapped lines keep the indent.
        ".mk .mk-hang{display:block;padding-left:var(--mk-i);text-indent:calc(-1 * var(--mk-i))}",
        ".mk .mk-blank{display:block;min-height:1lh}",
    ]
    for key in THEME_KEYS:
        style = theme.style(key, "html")
        if not theme.colour:
            style = style.without_colour()
        css = style_css(style)
        selector = ".mk a.mk-link" if key == "link" else f".mk-{key}"
        if css:
            rules.append(f"{selector}{{{css}}}")
        if style.has("reverse"):
            reverse += [f".mk {selector}", f".mk {selector} *"]
        if style.has("dim"):
            dim += [f".mk {selector}", f".mk {selector} *"]
    rules.append(f"{','.join(dim)}{{color:color-mix(in srgb,var(--mk-c) 60%,var(--mk-b))}}")
    rules.append(f"{','.join(reverse)}{{color:var(--mk-b);background-color:var(--mk-c)}}")
    if not theme.colour:
        # A colourless theme overrides explicit colours too (inline styles lose to !important).
        rules.append(".mk [style]{--mk-c:inherit !important;--mk-b:inherit !important}")
    return "\n".join(rules) + "\n"


def html_page(fragment: str, theme: Theme, title: str = "preview") -> str:
    """A standalone page around an already-rendered fragment.

    A nonce-based Content-Security-Policy means only our own script can run, as a second
    line of defence behind escaping. Clicking a link shows the command it would send.
    """
    nonce = secrets.token_urlsafe(16)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'">
<title>{_escape(title)}</title>
<style>
body{{margin:0;background:{theme.background}}}
.mk{{padding:1em}}
#mk-status{{position:fixed;bottom:0;left:0;right:0;padding:0.3em 1em;background:#000;color:#ccc;font-family:monospace}}
{theme_css(theme)}</style>
</head>
<body>
<div class="mk">{fragment}</div>
<div id="mk-status">click a link to see the command it sends</div>
<script nonce="{nonce}">
document.addEventListener("click", function (event) {{
  var link = event.target.closest("a[data-send]");
  if (!link) return;
  event.preventDefault();
  document.getElementById("mk-status").textContent = "would send: " + link.dataset.send;
}});
</script>
</body>
</html>
"""
