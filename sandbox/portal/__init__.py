"""Portal mode: telnet sessions live in a proxy process; the engine may come and go."""
