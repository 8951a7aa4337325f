import json

from sandbox.api import Kind, command


@command("examine", aliases=["ex", "exa"], perm="builder", category="building")
def examine(ctx):
    """Show everything about an object: id, kind, location, attributes, tags.

    Usage: examine [<thing> | #id]
    """
    target = ctx.find_target(ctx.args, where=("here", "inventory")) if ctx.args else ctx.here
    if target is None:
        return
    loc = ctx.get(target.location)
    lines = [
        f"[title]{ctx.name(target)}[/title] [dim]{target.ref}[/dim] ({target.kind})",
        f"Aliases: {ctx.escape(', '.join(target.aliases) or '(none)')}",
        f"Location: {ctx.name(loc) + ' ' + loc.ref if loc else '(nowhere)'}",
    ]
    if target.area:
        lines.append(f"Area: {ctx.escape(target.area)}")
    if target.kind == Kind.EXIT:
        dest = ctx.get(target.destination)
        lines.append(f"Destination: {ctx.name(dest) + ' ' + dest.ref if dest else '(nowhere)'}")
    if target.kind == Kind.CHARACTER:
        lines.append(f"Permission: {target.perm.label}")
    if target.prototype:
        lines.append(f"Prototype: {ctx.escape(target.prototype)}")
    if target.cmdsets:
        lines.append(f"Command sets: {ctx.escape(', '.join(target.cmdsets))}")
    lines.append(f"Tags: {ctx.escape(', '.join(sorted(target.tags)) or '(none)')}")
    if target.locks:
        lines.append("Locks: " + "; ".join(f"{ctx.escape(a)}:{ctx.escape(e)}" for a, e in sorted(target.locks.items())))
    lines.append("Attributes:" if target.attrs else "Attributes: (none)")
    for key in sorted(target.attrs):
        lines.append(f"  {ctx.escape(key)} = {ctx.escape(json.dumps(target.attrs[key]))}")
    lines.append(f"Description: {ctx.escape(target.desc) if target.desc else '(none)'}")
    contents = ctx.contents(target)
    if contents:
        lines.append("Contents: " + ", ".join(f"{ctx.name(o)} {o.ref}" for o in contents))
    ctx.reply("\n".join(lines))


@command("find", aliases=["locate"], perm="builder", category="building")
def find(ctx):
    """Search the whole world by name, alias or tag.

    Usage: find <text>   |   find/tag <tag>
    """
    query = ctx.args.lower()
    if not query:
        ctx.error("Find what?")
        return
    if "tag" in ctx.switches:
        hits = [o for o in ctx.objects() if query in o.tags]
    else:
        hits = [o for o in ctx.objects() if any(query in n.lower() for n in o.names())]
    if not hits:
        ctx.reply(f"Nothing matches '{ctx.escape(query)}'.")
        return
    lines = [f"{len(hits)} match(es):"]
    for o in hits[:50]:
        where = ctx.get(o.location)
        lines.append(f"  {o.ref:>6} {ctx.name(o)} ({o.kind})" + (f" in {ctx.name(where)}" if where else ""))
    if len(hits) > 50:
        lines.append(f"  … and {len(hits) - 50} more.")
    ctx.reply("\n".join(lines))
