from sandbox.api import command


@command("who", category="communication")
def who(ctx):
    """List who is connected, and how long each has been idle."""
    rows = []
    for char, idle in ctx.online():
        rows.append(f"  {ctx.name(char):<24} idle {int(idle)}s")
    ctx.reply(f"[title]Online ({len(rows)})[/title]\n" + "\n".join(rows))
