"""Behaviours: things objects do by themselves on a timer.

An object runs a behaviour when its ``behaviours`` attribute names it with an interval
in seconds: ``set cat/behaviours = {"wander": 20}``.
"""
from sandbox.api import Kind, behaviour


@behaviour("wander")
def wander(ctx):
    """Walk through a random exit whose traverse lock lets it pass, staying inside the home area."""
    me = ctx.caller
    here = ctx.here
    if here is None:
        return
    exits = []
    for ex in ctx.exits(here):
        dest = ctx.get(ex.destination)
        if dest is None or dest.kind != Kind.ROOM or not ctx.can(ex, "traverse"):
            continue
        if dest.area != here.area or dest.attrs.get("no_wander"):
            continue
        exits.append(ex)
    if not exits:
        return
    ex = ctx.random().choice(exits)
    ctx.move(me, ctx.get(ex.destination), via=ex)
    phrase = ctx.get_attr(me, "arrive_msg")
    if phrase:
        # A builder's markup, shown to everyone: no live links to privileged commands.
        ctx.room(ctx.link_guard().apply(str(phrase)), exclude=[me])
