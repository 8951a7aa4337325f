from sandbox.api import command


@command("who", category="communication")
def who(ctx):
    """List who is connected, and how long each has been idle."""
    rows = []
    for char, idle in ctx.online():
        # A character that is not a player (an NPC someone is puppeting) says so.
        label = ctx.name(char) if ctx.world.is_player_character(char) else f"{ctx.name(char)} [dim](NPC)[/dim]"
        rows.append(f"  {label:<24} idle {int(idle)}s")
    ctx.reply(f"[title]Online ({len(rows)})[/title]\n" + "\n".join(rows))
