# Locks (docs/locks.md): who may pass, take, see or use what, in Evennia's lock syntax.
# Over telnet these tests share one world, so each puts back what it changed.
% perm pat player

* a locked exit opens when the player holds the key
> lock east = traverse:holds(brass key)
Locked east: traverse:holds(brass key)
> set east/err_traverse = [error]The market gate is locked. A brass keyhole glints.[/error]
pat> east
The market gate is locked. A brass keyhole glints.
!Market Square
# Builders meet locks too (write `or perm(builder)` to let them through).
> east
The market gate is locked.
> create brass key;key
/Created brass key \(#\d+\)/
> drop key
# (pat reads the room's news before his next command: over telnet it could be taken
# for that command's answer.)
pat: Tester drops brass key.
pat> get key
You pick up brass key.
pat> east
Market Square
pat> drop key
You drop brass key.
pat> west
Village Green
pat> east
The market gate is locked.
!Market Square
> examine east
Locks: traverse:holds(brass key)
err_traverse = "[error]The market gate is locked. A brass keyhole glints.[/error]"
# Put the green back as it was.
> lock/del east = traverse
Removed the traverse lock of east.
> set east/err_traverse =
pat> east
Market Square
pat> destroy key
is a builder command
> east
> destroy key
Destroyed brass key
> west
Village Green

* bad lock strings are refused with the column, and nothing changes
> lock east = traverse:holds(brass key) or
Lock not changed: column 29: expected a lock function such as perm(builder), the lock ends
/^ {28}\^$/
> lock east = traverse:hold(brass key)
column 10: no lock function hold(); did you mean holds()?
> lock east = get:false(); get:true()
column 14: 'get' is given twice
> lock east
east has no locks
pat> lock east = traverse:false()
'lock' is a builder command; you are a player.

* things that cannot be taken, with their own message
> look
/You see: notice board \(#\d+\), old well/
> lock/list well
\get:false()
> get well
You can't take old well.
> set well/err_get = The well is set deep in the earth.
pat> get well
The well is set deep in the earth.
> set well/err_get =

* a view lock hides a thing from those who fail it
> create faint glyph;glyph
> drop glyph
pat: Tester drops faint glyph.
> lock glyph = view:attr(second_sight)
Locked faint glyph: view:attr(second_sight)
pat> look
!glyph
pat> look glyph
You don't see 'glyph' here.
> look
/faint glyph \(#\d+\) \(hidden\)/
> set pat/second_sight = true
pat> look
faint glyph
!hidden
> set pat/second_sight =
> destroy glyph
Destroyed faint glyph
