from sandbox.api import command


def idle_text(seconds):
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


@command("who", category="communication")
def who(ctx):
    """List who is connected, and how long each has been idle (builders also see where)."""
    rows = []
    panel = []  # the same list as data, for the web client's who panel
    for char, idle in ctx.online():
        # A character that is not a player (an NPC someone is puppeting) says so.
        npc = not ctx.is_player(char)
        label = f"{ctx.name(char)} [dim](NPC)[/dim]" if npc else ctx.name(char)
        row = f"  {label:<24} idle {idle_text(idle):>6}"
        entry = {"name": char.name, "idle": int(idle), "via": ctx.client_of(char), "npc": npc}
        if ctx.is_builder:
            room = ctx.room_of(char)
            where = f"{ctx.escape(room.name)} (#{room.id})" if room is not None else "nowhere"
            row += f"  {where}"
            entry["where"] = room.name if room is not None else ""
        rows.append(row)
        panel.append(entry)
    ctx.reply(f"[title]Online ({len(rows)})[/title]\n" + "\n".join(rows), oob={"Sandbox.Who": panel})
