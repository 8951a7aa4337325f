"""The browser front end: one page and a WebSocket, over the same Gateway as telnet.

``server`` serves the page and accepts WebSockets (the ``websockets`` library does the
HTTP and the framing); ``connection`` is one browser tab, speaking the login
conversation of :mod:`sandbox.net.login` and relaying engine messages as HTML;
``page`` builds the page with its Content-Security-Policy. See docs/web.md.
"""
from sandbox.web.server import WebConfig, WebServer

__all__ = ["WebConfig", "WebServer"]
