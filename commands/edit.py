import json

from sandbox.api import Kind, command


def _target_and_value(ctx, usage):
    """``<obj> = <value>``, or just ``<value>`` meaning the room you are in."""
    left, right = ctx.split("=")
    if right is None:
        return ctx.here, left
    target = ctx.find_target(left, where=("here", "inventory"))
    if target is None:
        return None, None
    return target, right


@command("describe", aliases=["desc"], perm="builder", category="building")
def describe(ctx):
    """Set a description (markup allowed; see docs/markup.md).

    Usage: desc [<thing> =] <text>
    Example: desc here = A [room]quiet[/room] hall. Dust [dim]drifts[/dim].
    Without a target it describes the room you are in. Invalid markup is refused
    with the column of the first error.
    """
    target, text = _target_and_value(ctx, "desc")
    if target is None or not ctx.may_edit(target):
        return
    errors = ctx.markup_errors(text)
    if errors:
        ctx.error("Description not changed; the markup has errors:\n" + "\n".join(ctx.escape(e) for e in errors))
        return
    target.desc = text
    ctx.reply(f"Description of {ctx.name(target)} set.")


@command("name", aliases=["rename"], perm="builder", category="building")
def name(ctx):
    """Rename something (and replace its aliases if you give any).

    Usage: name <thing> = <new name>[;alias;alias]
    """
    left, right = ctx.split("=")
    if not left or not right:
        ctx.error("Usage: name <thing> = <new name>[[;alias]")
        return
    target = ctx.find_target(left)
    if target is None or not ctx.may_edit(target):
        return
    new, aliases = ctx.parse_names(right)
    if not new:  # `name box = ;` would leave it nameless, unfindable and invisible
        ctx.error("Usage: name <thing> = <new name>[[;alias]")
        return
    problem = ctx.name_problem(target, [new, *aliases])
    if problem is None and target.kind == Kind.EXIT:
        # Aliases are replaced only when given: the kept ones must not clash either.
        names = [new, *(aliases or target.aliases)]
        problem = ctx.exit_name_problem(names, ctx.get(target.location), ignore=target)
    if problem:
        ctx.error(problem)
        return
    old = ctx.name(target)
    target.name = new
    if aliases:
        target.aliases = aliases
    ctx.reply(f"{old} is now called {ctx.name(target)}.")


@command("alias", perm="builder", category="building")
def alias(ctx):
    """Show or set the other names something answers to.

    Usage: alias <thing>   |   alias <thing> = <alias>, <alias>   |   alias <thing> =
    """
    left, right = ctx.split("=")
    target = ctx.find_target(left) if left else None
    if target is None:
        return
    if right is not None:
        if not ctx.may_edit(target):
            return
        aliases = [ctx.clean(a) for a in right.replace(";", ",").split(",") if ctx.clean(a)]
        problem = ctx.name_problem(target, aliases)
        if problem is None and target.kind == Kind.EXIT:
            problem = ctx.exit_name_problem([target.name, *aliases], ctx.get(target.location), ignore=target)
        if problem:
            ctx.error(problem)
            return
        target.aliases = aliases
    shown = ", ".join(ctx.escape(a) for a in target.aliases) or "(none)"
    ctx.reply(f"Aliases of {ctx.name(target)}: {shown}")


@command("set", perm="builder", category="building")
def set_(ctx):
    """Set an attribute. Values are JSON where they parse (5, true, [1,2]), text otherwise.

    Usage: set <thing>/<attribute> = <value>
    Example: set lever/pulled = false
    Give no value (set lamp/lit =) to remove the attribute, as Evennia does.
    Evennia: values are Python literals there; here they are JSON (true, not True).
    """
    left, right = ctx.split("=")
    objname, slash, key = left.rpartition("/")
    if not slash or not key or right is None:
        ctx.error("Usage: set <thing>/<attribute> = <value>")
        return
    target = ctx.find_target(objname)
    if target is None or not ctx.may_edit(target):
        return
    key = key.strip()
    if right == "":
        target.attrs.pop(key, None)
        ctx.reply(f"Removed {ctx.escape(key)} from {ctx.name(target)}.")
        return
    ctx.set_attr(target, key, ctx.parse_value(right))
    # Answer in the spelling the builder typed: JSON (true, "text", [1, 2]), not Python.
    ctx.reply(f"Set {ctx.name(target)}/{ctx.escape(key)} = {ctx.escape(_json(target.attrs[key]))}")


def _json(value):
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


@command("unset", perm="builder", category="building")
def unset(ctx):
    """Remove an attribute.

    Usage: unset <thing>/<attribute>
    """
    objname, slash, key = ctx.args.rpartition("/")
    target = ctx.find_target(objname) if slash else None
    if target is None:
        if not slash:
            ctx.error("Usage: unset <thing>/<attribute>")
        return
    if not ctx.may_edit(target):
        return
    if target.attrs.pop(key.strip(), None) is None:
        ctx.error(f"{ctx.name(target)} has no attribute {ctx.escape(key)}.")
        return
    ctx.reply(f"Removed {ctx.escape(key)} from {ctx.name(target)}.")


@command("tag", perm="builder", category="building")
def tag(ctx):
    """Show, add or remove tags.

    Usage: tag <thing>   |   tag <thing> = <tag>   |   tag/del <thing> = <tag>
    """
    left, right = ctx.split("=")
    target = ctx.find_target(left) if left else None
    if target is None:
        return
    if right:
        if not ctx.may_edit(target):
            return
        value = ctx.clean(right).lower()
        if "del" in ctx.switches or "remove" in ctx.switches:
            # Untagged, an NPC counts as a player: it may not then share a player's name.
            problem = ctx.name_problem(target, target.names()) if value == "npc" else None
            if problem:
                ctx.error(problem)
                return
            target.tags.discard(value)
        else:
            target.tags.add(value)
    shown = ", ".join(sorted(ctx.escape(t) for t in target.tags)) or "(none)"
    ctx.reply(f"Tags of {ctx.name(target)}: {shown}")
