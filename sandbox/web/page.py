"""The one page and its assets, read from package data, with a strict CSP.

Nothing is built at run time except the page's nonce: the script and stylesheet are
plain files in ``sandbox/web/static`` (hand-written, no build step), served from this
origin, so the policy can forbid inline script, ``eval`` and every other origin.
"""
from __future__ import annotations

import secrets
from functools import lru_cache
from importlib import resources

from sandbox.markup import Theme, theme_css

#: Only our own files; WebSockets only to this host; no frames, forms, plugins or eval.
#: Style *attributes* are allowed because the markup renderer emits explicit colours as
#: ``style="color:#..."`` (values it built itself, escaped); style *elements* must come
#: from this origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
)

ASSETS = {"/app.js": ("app.js", "text/javascript; charset=utf-8"), "/app.css": ("app.css", "text/css; charset=utf-8")}


@lru_cache(maxsize=8)
def asset(name: str) -> bytes:
    return resources.files("sandbox.web").joinpath("static", name).read_bytes()


def index_html(title: str) -> bytes:
    """The page; the title is the game's name, escaped."""
    import html

    return asset("index.html").replace(b"{{title}}", html.escape(title).encode())


def theme_stylesheet(theme: Theme) -> bytes:
    """The markup classes' colours for a theme: the same CSS as the TUI's HTML preview,
    plus the page colours as variables the page's own stylesheet uses."""
    return (
        f":root{{--page-bg:{theme.background};--page-fg:{theme.foreground}}}\n" + theme_css(theme)
    ).encode()


@lru_cache(maxsize=1)
def light_theme() -> Theme:
    """The light theme shipped with the web client (``static/light.toml``)."""
    from pathlib import Path

    from sandbox.markup.theme import load_theme

    with resources.as_file(resources.files("sandbox.web").joinpath("static", "light.toml")) as path:
        return load_theme(Path(path))


def new_token() -> str:
    """An unguessable id (128 bits): for connections, never a counter."""
    return secrets.token_urlsafe(16)
