from sandbox.api import Kind, command


@command("create", perm="builder", category="building")
def create(ctx):
    """Make a new thing and put it in your inventory.

    Usage: create <name>[;alias;alias]
    Switch: create/npc <name> makes a character controlled by the world instead,
    and puts it in the room.
    Evennia: no :typeclass; one object per command; /npc is ours.
    """
    npc = "npc" in ctx.switches
    name, aliases = ctx.parse_names(ctx.args)
    if not name:
        ctx.error("Usage: create <name>[[;alias]")
        return
    if npc:
        # An NPC may not be named or aliased after a player.
        problem = ctx.name_problem(None, [name, *aliases])
        if problem:
            ctx.error(problem)
            return
        obj = ctx.create(Kind.CHARACTER, name, aliases=aliases, location=ctx.here, tags=["npc"])
        ctx.reply(f"Created {ctx.name(obj)} [dim]({obj.ref})[/dim] here.")
    else:
        obj = ctx.create(Kind.THING, name, aliases=aliases, location=ctx.caller)
        ctx.reply(f"Created {ctx.name(obj)} [dim]({obj.ref})[/dim]; it is in your inventory.")


@command("destroy", aliases=["delete"], perm="builder", category="building")
def destroy(ctx):
    """Destroy an object, room or exit (and what is inside it). `undo` brings it back.

    Usage: destroy <thing>
    Characters inside a destroyed room are moved to the start room.
    Evennia asks for confirmation instead; here `undo` brings everything back.
    """
    target = ctx.find_target(ctx.args, where=("here", "inventory", "world") if ctx.args.startswith("#") else ("here", "inventory"))
    if target is None:
        return
    # Ask the world, not the tags: a builder could tag anyone `npc`.
    if ctx.is_player(target):
        ctx.error("Players are not destroyed with destroy.")
        return
    if not ctx.may_edit(target):
        return
    gone = ctx.destroy(target)
    ctx.reply(f"Destroyed {ctx.name(target)} and {len(gone) - 1} object(s) inside or leading to it. Type [help]undo[/help] to bring it back.")


@command("undo", perm="builder", category="building", undoable=False)
def undo(ctx):
    """Take back your last building turns: dig, tunnel, desc, set, create, destroy, ...

    Usage:
      undo          undo your last change
      undo <n>      undo your last n changes, newest first (all of them or none)
      undo/list     your history, newest first, with the command that made each
    An undo is refused, with the reason, if someone changed the same things since.
    Your history is your own and survives a restart. `redo` takes an undo back.
    Evennia has no world undo; this one is ours.
    """
    if "list" in ctx.switches:
        _list(ctx)
        return
    _step(ctx, redo=False)


@command("redo", perm="builder", category="building", undoable=False)
def redo(ctx):
    """Make again what you last undid.

    Usage: redo [<n>]
    A new change of yours clears what you could redo, as in an editor.
    """
    _step(ctx, redo=True)


def _step(ctx, *, redo):
    count = int(ctx.args) if ctx.args.isdigit() else 1
    if ctx.args and not ctx.args.isdigit():
        ctx.error(f"Usage: {'redo' if redo else 'undo'} [[<number>]")
        return
    try:
        done = ctx.undo(count, redo=redo)
    except ValueError as exc:
        ctx.error(ctx.escape(str(exc)))
        return
    verb = "Redid" if redo else "Undid"
    for entry in done:
        ctx.reply(f"{verb} [command]{ctx.escape(entry.line)}[/command] ({entry.summary()}).")


def _list(ctx):
    stacks = ctx.history()
    if not stacks.undo and not stacks.redo:
        ctx.reply("Your history is empty.")
        return
    lines = ["[title]Your history[/title] (newest first)"]
    for n, entry in enumerate(reversed(stacks.undo), 1):
        lines.append(f"  {n:>2}. [command]{ctx.escape(entry.line)}[/command] [dim]({entry.summary()})[/dim]")
    if stacks.redo:
        lines.append("[dim]Undone, and can be redone:[/dim]")
        for entry in reversed(stacks.redo):
            lines.append(f"      [command]{ctx.escape(entry.line)}[/command] [dim]({entry.summary()})[/dim]")
    ctx.reply("\n".join(lines))
