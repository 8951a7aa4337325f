import inspect

from sandbox.api import command


@command("help", aliases=["?"], category="general")
def help_(ctx):
    """Show the list of commands, or one command's help.

    Usage: help [command]
    """
    usable = [c for c in ctx.commands() if c.perm <= ctx.caller.perm]
    if ctx.args:
        word = ctx.args.lower()
        matches = [c for c in usable if word in c.names] or [c for c in usable if c.key.startswith(word)]
        if not matches:
            ctx.error(f"No help for '{ctx.escape(ctx.args)}'. Type [help]help[/help] for the list.")
            return
        cmd = matches[0]
        # A docstring's first line has no indent and the rest have the code's: cleandoc
        # lines them all up at the left.
        also = f" (also: {', '.join(cmd.aliases)})" if cmd.aliases else ""
        level = f" [{cmd.perm.label}]" if cmd.perm.label != "player" else ""
        ctx.reply(f"[title]{cmd.key}[/title]{ctx.escape(also + level)}\n[help]{ctx.escape(inspect.cleandoc(cmd.help) or 'No help written yet.')}[/help]")
        return
    by_category = {}
    for cmd in sorted(usable, key=lambda c: c.key):
        by_category.setdefault(cmd.category, []).append(cmd)
    lines = ["[title]Commands[/title] (help <command> for details)"]
    for category in sorted(by_category):
        names = ", ".join(f"[link=help {c.key}][help]{c.key}[/help][/link]" for c in by_category[category])
        lines.append(f"  {category}: {names}")
    lines.append("Exits work as commands: [exit]north[/exit] or [exit]n[/exit].")
    ctx.reply("\n".join(lines))
