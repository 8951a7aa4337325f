from sandbox.api import Kind, command


def find_player(ctx, query):
    """A player character by name: online ones first (a unique prefix will do), then
    any account's character, so a tell can wait for someone who is away."""
    low = query.lower()
    online = [char for char, _ in ctx.online()]
    exact = [c for c in online if c.name.lower() == low]
    if exact:
        return exact[0]
    prefixed = [c for c in online if c.name.lower().startswith(low)]
    if len(prefixed) == 1:
        return prefixed[0]
    char = ctx.account_character(low)
    if char is not None:
        return char
    for char in ctx.characters_named(query):
        if ctx.is_player(char):
            return char
    return None


@command("tell", aliases=["page"], category="communication")
def tell(ctx):
    """Send a private message to a player anywhere; kept for them if they are away.

    Usage: tell <name> = <message>   (page is the same)
    """
    name, text = ctx.split("=")
    text = ctx.clean(text or "")
    if not name or not text:
        ctx.error("Usage: tell <name> = <message>")
        return
    target = find_player(ctx, name)
    if target is None:
        ctx.error(f"There is no player called '{ctx.escape(name)}'.")
        return
    said = ctx.escape(text)
    me = ctx.name(ctx.caller)
    if target is ctx.caller:
        ctx.reply(f'You tell yourself, "[say]{said}[/say]"', "tell")
        return
    if ctx.is_online(target):
        ctx.msg(target, f'{me} tells you, "[say]{said}[/say]"', "tell")
        ctx.reply(f'You tell {ctx.name(target)}, "[say]{said}[/say]"', "tell")
        return
    waiting = ctx.leave_message(target, f'{me} told you, "[say]{said}[/say]"')
    ctx.reply(f'{ctx.name(target)} is away; they will get your message when they next log in ({waiting} waiting).', "tell")


@command("whisper", category="communication")
def whisper(ctx):
    """Say something only one person in the room hears; the others see that you whispered.

    Usage: whisper <name> = <message>
    """
    name, text = ctx.split("=")
    text = ctx.clean(text or "")
    if not name or not text:
        ctx.error("Usage: whisper <name> = <message>")
        return
    target = ctx.find(name, where="here", kind=Kind.CHARACTER)
    if target is None:
        return
    if target is ctx.caller:
        ctx.error("You whisper to yourself. Nobody notices.")
        return
    said = ctx.escape(text)
    ctx.reply(f'You whisper to {ctx.name(target)}, "[say]{said}[/say]"', "say")
    ctx.msg(target, f'{ctx.name(ctx.caller)} whispers to you, "[say]{said}[/say]"', "say")
    ctx.room(f"{ctx.name(ctx.caller)} whispers something to {ctx.name(target)}.", exclude=[ctx.caller, target], kind="emote")
