from sandbox.api import command


@command("quit", aliases=["logout"], category="general")
def quit_(ctx):
    """Leave the game. Your character stays where you left it."""
    ctx.reply("Goodbye! Come back soon.")
    ctx.close_session()
