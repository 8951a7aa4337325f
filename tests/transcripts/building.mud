# Building: digging rooms, describing them, making things, and who may do it.
% perm bob player

* a builder digs a cellar and furnishes it
> dig Cellar = down;d, up;u
/Dug Cellar \(#\d+\) in area Millbrook\./
Exit down leads there.
> down
Cellar
Exits: up
> desc here = A [bold]damp[/bold] cellar; water drips.
Description of Cellar set.
> look
A damp cellar; water drips.
!bold
> create rusty key;key
/Created rusty key \(#\d+\); it is in your inventory\./
> drop key
You drop rusty key.
> look
You see: rusty key
> up
Exits: north, east, south, west, down
# Leave the green as it was (over telnet the world is shared by the following tests).
> destroy down
Destroyed down
> look
/^Exits: north, east, south, west$/

* bad markup in a description is refused with its column
> desc here = A [bogus]strange[/bogus] place.
Description not changed
column 3: unknown tag [bogus]
> look
Soft grass rings an old well.

* players cannot build
bob> dig Nope
'dig' is a builder command; you are a player.
bob> desc here = mine now
is a builder command
bob> look
Soft grass rings an old well.
!mine now

* an admin can make a player a builder
% perm tester admin
> perm bob = builder
/^Bob \(#34, player[^)]*\) is a builder\./
bob: You are now a builder.
bob> dig Treehouse
Dug Treehouse

* set answers in JSON, the spelling it reads (not Python's True)
> create boat
/Created boat \(#\d+\); it is in your inventory\./
> set boat/seaworthy = true
Set boat/seaworthy = true
> set boat/crew = ["Ann", "Bo"]
Set boat/crew = ["Ann", "Bo"]
> set boat/note = leaks a little
Set boat/note = "leaks a little"
> destroy boat
Destroyed boat
