import re

from sandbox.api import Kind, command

#: Everyone is on this channel until they leave it.
DEFAULT = "ooc"
#: Lines of each channel kept in the world (and so on disk, through the journal).
HISTORY = 50
NAME = re.compile(r"^[a-z][a-z0-9-]{1,19}$")


def channels(ctx):
    """The world's channels, ``{name: {"desc", "owner", "history"}}``, kept in world meta
    so they are saved with the turn that changed them and survive restarts."""
    found = ctx.meta.get("channels")
    if found is None or DEFAULT not in found:
        ctx.meta["channels"] = {
            **(found or {}),
            DEFAULT: {"desc": "Out-of-character talk for everyone.", "owner": "", "history": []},
        }
        found = ctx.meta["channels"]
    return found


def memberships(char):
    """Channel names a character listens to; someone who never chose is on the default."""
    return list(char.attrs.get("channels", [DEFAULT]))


def tag(ctx, name):
    return f"[channel]{ctx.escape('[' + name + ']')}[/channel]"


def speak(ctx, name, text):
    chans = channels(ctx)
    if name not in chans:
        ctx.error(f"There is no channel called '{ctx.escape(name)}'. [link=channel]channel[/link] lists them.")
        return
    if name not in memberships(ctx.caller):
        ctx.error(f"You are not on {tag(ctx, name)}. Join it with [command]channel/join {name}[/command].")
        return
    text = ctx.clean(text)
    if not text:
        ctx.error(f"Say what on {tag(ctx, name)}?")
        return
    line = f"{tag(ctx, name)} {ctx.name(ctx.caller)}: {ctx.escape(text)}"
    history = chans[name]["history"]
    history.append([ctx.now, line])
    if len(history) > HISTORY:
        del history[: len(history) - HISTORY]
    for char, _idle in ctx.online():
        if name in memberships(char):
            ctx.msg(char, line, "channel")


@command("ooc", category="communication")
def ooc(ctx):
    """Talk on the out-of-character channel everyone starts on.

    Usage: ooc <message>
    """
    speak(ctx, DEFAULT, ctx.args)


@command("channel", aliases=["channels", "chan"], category="communication")
def channel(ctx):
    """Channels: group chat across the whole world.

    Usage:
      channel                      list channels (* marks yours)
      channel <name> = <message>   talk on a channel (ooc <message> for ooc)
      channel/create <name> [= <description>]
      channel/join <name>    channel/leave <name>
      channel/who <name>     channel/history <name> [lines]
      channel/destroy <name>       (its creator or a builder; not ooc)
    """
    switch = ctx.switches[0] if ctx.switches else ""
    left, right = ctx.split("=")
    name = left.lower().split(" ")[0] if left else ""
    chans = channels(ctx)
    mine = memberships(ctx.caller)
    if not switch:
        if right is not None:
            speak(ctx, name, right)
            return
        rows = []
        for cname in sorted(chans):
            mark = "*" if cname in mine else " "
            link = f"[link=channel/history {cname}]{ctx.escape(cname)}[/link]"
            rows.append(f" {mark} {link:<20} {ctx.escape(chans[cname].get('desc', ''))}")
        ctx.reply("[title]Channels[/title]\n" + "\n".join(rows))
        return
    if switch == "create":
        if not NAME.match(name):
            ctx.error("Channel names are 2 to 20 letters, digits or hyphens, starting with a letter.")
            return
        if name in chans:
            ctx.error(f"{tag(ctx, name)} already exists.")
            return
        chans[name] = {"desc": ctx.clean(right or "")[:100], "owner": ctx.caller.name, "history": []}
        ctx.caller.attrs["channels"] = mine + [name]
        ctx.reply(f"You create {tag(ctx, name)} and join it. Talk with [command]channel {name} = hello[/command].")
        return
    if name not in chans:
        ctx.error(f"There is no channel called '{ctx.escape(name)}'.")
        return
    if switch == "join":
        if name in mine:
            ctx.reply(f"You are already on {tag(ctx, name)}.")
            return
        ctx.caller.attrs["channels"] = mine + [name]
        ctx.reply(f"You join {tag(ctx, name)}.")
    elif switch == "leave":
        if name not in mine:
            ctx.reply(f"You are not on {tag(ctx, name)}.")
            return
        ctx.caller.attrs["channels"] = [c for c in mine if c != name]
        ctx.reply(f"You leave {tag(ctx, name)}.")
    elif switch == "who":
        names = [ctx.name(char) for char, _idle in ctx.online() if name in memberships(char)]
        ctx.reply(f"{tag(ctx, name)} online ({len(names)}): " + (", ".join(names) or "nobody"))
    elif switch == "history":
        rest = left.split(" ", 1)[1].strip() if " " in left else ""
        count = int(rest) if rest.isdigit() else 20
        lines = [line for _at, line in list(chans[name]["history"])[-max(1, min(count, HISTORY)):]]
        ctx.reply(f"[title]Last {len(lines)} on {ctx.escape(name)}[/title]\n" + ("\n".join(lines) or "(nothing yet)"))
    elif switch == "destroy":
        if name == DEFAULT or not (ctx.is_builder or chans[name].get("owner") == ctx.caller.name):
            ctx.error(f"Only its creator or a builder can destroy {tag(ctx, name)}, and never the default one.")
            return
        del chans[name]
        # Nobody stays subscribed: a new channel of the same name starts with no members.
        for char in ctx.objects(Kind.CHARACTER):
            joined = char.attrs.get("channels")
            if joined and name in joined:
                char.attrs["channels"] = [c for c in joined if c != name]
        ctx.reply(f"You destroy {tag(ctx, name)}; its history is gone.")
    else:
        ctx.error(f"Unknown switch /{ctx.escape(switch)}. See [help]help channel[/help].")
