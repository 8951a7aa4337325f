from sandbox.api import Kind, command, from_doc, parse_names


@command("create", perm="builder", category="building")
def create(ctx):
    """Make a new thing and put it in your inventory.

    Usage: create <name>[;alias;alias]
    Switch: create/npc <name> makes a character controlled by the world instead,
    and puts it in the room.
    Evennia: no :typeclass; one object per command; /npc is ours.
    """
    npc = "npc" in ctx.switches
    name, aliases = parse_names(ctx.args)
    if not name:
        ctx.error("Usage: create <name>[[;alias]")
        return
    if npc:
        # An NPC may not be named or aliased after a player.
        problem = ctx.name_problem(None, [name, *aliases])
        if problem:
            ctx.error(problem)
            return
        obj = ctx.world.create(Kind.CHARACTER, name, aliases=aliases, location=ctx.here, tags=["npc"])
        ctx.reply(f"Created {ctx.name(obj)} [dim]({obj.ref})[/dim] here.")
    else:
        obj = ctx.world.create(Kind.THING, name, aliases=aliases, location=ctx.caller)
        ctx.reply(f"Created {ctx.name(obj)} [dim]({obj.ref})[/dim]; it is in your inventory.")


@command("destroy", aliases=["delete"], perm="builder", category="building")
def destroy(ctx):
    """Destroy an object, room or exit (and what is inside it). `undo` brings it back.

    Usage: destroy <thing>
    Characters inside a destroyed room are moved to the start room.
    Evennia asks for confirmation instead; here nothing is lost until you destroy again
    and undo goes back one destroy at a time.
    """
    target = ctx.find_target(ctx.args, where=("here", "inventory", "world") if ctx.args.startswith("#") else ("here", "inventory"))
    if target is None:
        return
    # Ask the world, not the tags: a builder could tag anyone `npc`.
    if ctx.world.is_player_character(target):
        ctx.error("Players are not destroyed with destroy.")
        return
    if not ctx.may_edit(target):
        return
    docs = [o.to_doc() for o in ctx.world.destroy(target)]
    ctx.engine.undo.setdefault(ctx.caller.id, []).append(docs)
    ctx.reply(f"Destroyed {ctx.name(target)} and {len(docs) - 1} object(s) inside or leading to it. Type [help]undo[/help] to bring it back.")


@command("undo", perm="builder", category="building")
def undo(ctx):
    """Bring back what your last destroy removed."""
    stack = ctx.engine.undo.get(ctx.caller.id)
    if not stack:
        ctx.error("Nothing to undo.")
        return
    docs = stack.pop()
    # Restore outermost first so every object's location exists when it returns.
    for doc in reversed(docs):
        ctx.world.insert(from_doc(doc))
    ctx.reply(f"Restored {ctx.name(ctx.world.get(docs[-1]['id']))} and {len(docs) - 1} other object(s).")
