# World-level undo and redo: each builder takes back their own turns, all or nothing.
% perm carol builder

* the README tour: undo after tunnel removes the room and both exits, redo brings them back
> dig Cellar = down;d, up;u
/Dug Cellar/
> d
Cellar
> desc here = A [room]damp[/room] cellar.
Description of Cellar set.
> tunnel e = Wine Store
/Tunnelled east to Wine Store \(#\d+\), with west back\./
> examine here
/Contents: up #\d+, Tester #\d+, east #\d+/
> undo
Undid tunnel e = Wine Store (3 objects).
> look
/^Exits: up$/
> redo
Redid tunnel e = Wine Store (3 objects).
> east
Wine Store
Exits: west
> west
Cellar
> u
Village Green
# Leave the green as it was (over telnet the world is shared by the following tests).
> undo 3
Undid tunnel e = Wine Store
Undid desc here = A [room]damp[/room] cellar.
Undid dig Cellar = down;d, up;u
> look
/^Exits: north, east, south, west$/

* undo several turns across three rooms, newest first, then redo them
> dig Attic = up;u, down;d
/Dug Attic/
> up
Attic
> desc here = A [item]dusty[/item] attic.
Description of Attic set.
> tunnel n = Loft
/Tunnelled north to Loft/
> undo/list
1. tunnel n = Loft (3 objects)
2. desc here = A [item]dusty[/item] attic. (1 object)
3. dig Attic = up;u, down;d (3 objects)
> down
> undo 3
! Can't undo
Undid tunnel n = Loft
Undid desc here = A [item]dusty[/item] attic.
Undid dig Attic = up;u, down;d
> look
/^Exits: north, east, south, west$/
> redo 3
Redid dig Attic
Redid desc here
Redid tunnel n = Loft
> up
A dusty attic.
Exits: north, down
> down

* an undo that someone else's later change conflicts with is refused, never applied halfway
> desc here = Mine.
Description of Village Green set.
carol> desc here = Carol's now.
Description of Village Green set.
> undo
Can't undo 'desc here = Mine.': Village Green (#1) was changed after that (by Carol: desc here = Carol's now.). Nothing was changed.
> look
Carol's now.
carol> undo
Undid desc here = Carol's now.
> undo
Undid desc here = Mine.
> look
Soft grass rings an old well.

* players have no undo
% perm dan player
dan> undo
'undo' is a builder command; you are a player.
