"""Network front ends: the telnet listener and (later) the portal link.

Everything here reaches the engine only through :class:`sandbox.net.gateway.Gateway`,
so the same telnet code runs in-process or in a separate portal process.
"""
