"""Telnet: a socket-free option parser and negotiator, and a thin asyncio connection."""
