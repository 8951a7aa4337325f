from sandbox.api import Kind, command


@command("inventory", aliases=["i", "inv"], category="items")
def inventory(ctx):
    """List what you are carrying."""
    held = ctx.contents(ctx.caller)
    if not held:
        ctx.reply("You are carrying nothing.")
        return
    ctx.reply("You are carrying:\n" + "\n".join(f"  {ctx.name(o)}" for o in held))


@command("get", aliases=["take"], category="items")
def get(ctx):
    """Pick something up.

    Usage: get <thing>
    """
    if not ctx.args:
        ctx.error("Get what?")
        return
    thing = ctx.find(ctx.args, where="here")
    if thing is None:
        return
    # A builder's `#id` finds things anywhere, even in someone's pockets: only take
    # what lies in this room.
    if thing.kind != Kind.THING or ctx.here is None or thing.location != ctx.here.id:
        ctx.error(f"You can't take {ctx.name(thing)}.")
        return
    if not ctx.can(thing, "get"):  # `lock statue = get:false()`; err_get says why
        ctx.reply(ctx.lock_message(thing, "get", f"[error]You can't take {ctx.name(thing)}.[/error]"), "error")
        return
    ctx.move(thing, ctx.caller, announce=False)
    ctx.reply(f"You pick up {ctx.name(thing)}.")
    ctx.room(f"{ctx.name(ctx.caller)} picks up {ctx.name(thing)}.")


@command("drop", category="items")
def drop(ctx):
    """Put down something you carry.

    Usage: drop <thing>
    """
    if not ctx.args:
        ctx.error("Drop what?")
        return
    thing = ctx.find(ctx.args, where="inventory")
    if thing is None or ctx.here is None:
        return
    if not _carried(ctx, thing):
        return
    ctx.move(thing, ctx.here, announce=False)
    ctx.reply(f"You drop {ctx.name(thing)}.")
    ctx.room(f"{ctx.name(ctx.caller)} drops {ctx.name(thing)}.")


@command("give", category="items")
def give(ctx):
    """Give something you carry to someone here.

    Usage: give <thing> to <someone>   (or: give <thing> = <someone>)
    """
    what, sep, whom = ctx.args.partition(" to ")
    if not sep:
        what, whom = ctx.split("=")
    if not what or not whom:
        ctx.error("Usage: give <thing> to <someone>")
        return
    thing = ctx.find(what, where="inventory")
    if thing is None or not _carried(ctx, thing):
        return
    target = ctx.find_target(whom, where="here", kind=Kind.CHARACTER)
    if target is None:
        return
    ctx.move(thing, target, announce=False)
    ctx.reply(f"You give {ctx.name(thing)} to {ctx.name(target)}.")
    ctx.msg(target, f"{ctx.name(ctx.caller)} gives you {ctx.name(thing)}.")
    ctx.room(f"{ctx.name(ctx.caller)} gives {ctx.name(thing)} to {ctx.name(target)}.", exclude=[ctx.caller, target])


def _carried(ctx, thing):
    """`me`, `here` and a builder's `#id` resolve outside the inventory; only what the
    caller holds may be dropped or given (`give me to Bob` would pocket a player)."""
    if thing.location != ctx.caller.id:
        ctx.error(f"You are not carrying {ctx.name(thing)}.")
        return False
    return True
