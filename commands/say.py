from sandbox.api import command


@command("say", aliases=["'"], category="communication")
def say(ctx):
    """Say something to everyone in the room.

    Usage: say <message>   (or 'message)
    """
    text = ctx.clean(ctx.args)
    if not text:
        ctx.error("Say what?")
        return
    said = ctx.escape(text)
    ctx.reply(f'You say, "[say]{said}[/say]"', "say")
    ctx.room(f'{ctx.name(ctx.caller)} says, "[say]{said}[/say]"', kind="say")
