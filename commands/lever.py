"""The rusty lever in the starter world: an object that brings its own verb.

The lever has ``cmdsets: ["lever"]``, so `pull` exists only where a lever is. Its state
lives in attributes (saved with the world), never in this module.
"""
from sandbox.api import command


@command("pull", aliases=["yank"], cmdset="lever", category="objects")
def pull(ctx):
    """Pull the lever.

    Usage: pull [lever]
    """
    lever = ctx.obj
    pulled = not ctx.get_attr(lever, "pulled", False)
    ctx.set_attr(lever, "pulled", pulled)
    # Ids in attributes are "#18" references (an import renumbers them); ctx.get takes both.
    gate = ctx.get(ctx.get_attr(lever, "opens"))
    if gate is not None:
        gate.attrs["locked"] = not pulled
    state = "down" if pulled else "up"
    ctx.reply(f"You pull {ctx.name(lever)}. It clunks {state}.")
    ctx.room(f"{ctx.name(ctx.caller)} pulls {ctx.name(lever)}. It clunks {state}.")
    if gate is not None:
        word = "grinds open" if pulled else "slams shut"
        ctx.room(f"Somewhere nearby, a gate {word}.", exclude=[])
