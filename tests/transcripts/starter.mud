# The starter world, Millbrook, as a newcomer finds it.
# Runs in-process (make test) and over telnet (tests/transcript/test_telnet_runner.py).

* the village green is where everyone starts
> look
Village Green
Soft grass rings an old well.
/^Exits: north, east, south, west$/
You see: notice board
> look board
Welcome, builder!

* the lever at the riverbank opens the mill gate
> north
Old Mill Lane
> north
The iron gate is shut.
!Old Mill (#
> south
> west
Riverbank
rusty lever
> pull lever
You pull rusty lever. It clunks down.
Somewhere nearby, a gate grinds open.
> east
> north
> north
Old Mill (#6)
/groaning/
# Put the world back as it was: over telnet the next test shares this world.
> south
> south
> west
> pull lever
It clunks up.
a gate slams shut
> east
Village Green

* the tavern and its attic
{include _to_the_attic.mud}
Attic Room
Someone has been sleeping here.
> down
The Crooked Lantern
brass lantern
> south
> west
Village Green

* typos get a suggestion
> lok
Unknown command 'lok'. Did you mean look
> xyzzy
/Unknown command 'xyzzy'/
