"""Hand-off to Evennia: an area as an Evennia batch-code file, and back.

``translate`` turns an area export (sandbox-area/1) into plain object specs,
``report`` lists what cannot be carried (code, timers, resets) with stubs, ``batchcode``
writes the file, ``reader`` parses one back (without running it) and ``codes`` turns
Evennia's ``|``-codes into our markup. The markup -> ``|``-code renderer lives with the
other renderers in :mod:`sandbox.markup.evennia`. docs/evennia.md is the guide.
"""
