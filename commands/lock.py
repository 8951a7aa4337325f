from sandbox.api import Context, GameObject, LockError, command


@command("lock", aliases=["locks"], perm="builder", category="building")
def lock(ctx: Context) -> None:
    """Set, show or remove the locks that say who may do what with something.

    Usage:
      lock <thing> = <access>:<lock>[; <access>:<lock> ...]   set (replaces those access types)
      lock <thing>   or   lock/list <thing>                     show its locks
      lock/del <thing> = <access>                               remove one
      lock/funcs                                                list the lock functions
    Examples:
      lock north = traverse:holds(brass key) or perm(builder)
      lock statue = get:false()
      lock lamp = view:not attr(blind); get:perm(builder)
      set north/err_traverse = The gate is locked.     (what a refused traverse says)
    Access types the engine checks: traverse (exits), get (things), view (seen in
    rooms, found by name), call (the commands an object or room brings), edit (builder
    commands on it). Locks hold for admins too, except edit. The failure message for access X is the
    object's err_X attribute, as Evennia's err_traverse. See docs/locks.md.
    Evennia: the same syntax and lock functions (perm, perm_above, pperm, id, holds,
    attr, objattr, tag, objtag, inside, ...). Differences: admins are bound by locks
    (all but edit), an object without a lock allows, ranks are player/builder/admin,
    tags have no category, arguments are text compared as JSON.
    """
    if "funcs" in ctx.switches:
        funcs = ctx.lockfuncs()
        lines = ["[title]Lock functions[/title]"]
        for lf in funcs:
            also = f" [dim](also {', '.join(a + '()' for a in lf.aliases)})[/dim]" if lf.aliases else ""
            lines.append(f"  {ctx.escape(' '.join(lf.help.split()) or lf.name + '()')}{also}")
        ctx.reply("\n".join(lines))
        return
    left, right = ctx.split("=")
    if not left:
        ctx.error("Usage: lock <thing> = <access>:<lock>   (see help lock)")
        return
    target = ctx.find_target(left, where=("here", "inventory"))
    if target is None:
        return
    if "del" in ctx.switches:
        access = (right or "").strip().lower()
        if not access:
            ctx.error("Usage: lock/del <thing> = <access>")
        elif access not in target.locks:
            ctx.error(f"{ctx.name(target)} has no {ctx.escape(access)} lock.")
        elif ctx.may_edit(target):
            del target.locks[access]
            ctx.reply(f"Removed the {ctx.escape(access)} lock of {ctx.name(target)}.")
        return
    if right is None or "list" in ctx.switches:
        _show(ctx, target)
        return
    try:
        entries = ctx.parse_locks(right)
    except LockError as exc:
        pointer = ctx.escape(exc.pointer())
        ctx.error(f"Lock not changed: {ctx.escape(str(exc))}\n{pointer}")
        return
    if not ctx.may_edit(target):
        return
    target.locks.update(entries)
    ctx.reply(f"Locked {ctx.name(target)}: {ctx.escape(ctx.format_locks(entries))}")


def _show(ctx: Context, target: GameObject) -> None:
    if not target.locks:
        ctx.reply(f"{ctx.name(target)} has no locks (anyone may do anything it allows).")
        return
    lines = [f"Locks of {ctx.name(target)} [dim]{target.ref}[/dim]:"]
    for access, expr in sorted(target.locks.items()):
        msg = target.attrs.get(f"err_{access}")
        extra = f"   [dim](err_{ctx.escape(access)} set)[/dim]" if msg else ""
        lines.append(f"  {ctx.escape(access)}:{ctx.escape(expr)}{extra}")
    ctx.reply("\n".join(lines))
