# Exits that behave: a room never gets two exits answering to the same word (the
# second could never be used), and dig can put the new room in another area.
# Over telnet these tests share one world, so each puts back what it changed.

* dig, open, tunnel, name and alias refuse an exit word already used in the room
> dig Pantry = east;e, west;w
Village Green already has an exit answering to 'east': east
(also called e)
!Dug
> dig Pantry = larder;e
already has an exit answering to 'e': east
> open e = Market Square
already has an exit answering to 'e': east
!Opened
# The back exit is checked in the room it leaves from.
> open arch, west = Market Square
Market Square already has an exit answering to 'west': west
!Opened
> tunnel e
already has an exit answering to 'east': east
> name north = East
already has an exit answering to 'East': east
> alias north = w, n
answering to 'w': west
> dig Pantry = larder;lar;LAR
'LAR' is given twice
# Nothing was made.
> look
/^Exits: north, east, south, west$/
> find Pantry
Nothing matches 'pantry'.

* dig/area puts the new room in another area
> area/create Deepwood
Created area Deepwood.
> dig/area Deepwood Mossy Glade = northeast;ne, southwest;sw
/^Dug Mossy Glade \(#\d+\) in area Deepwood\. Exit northeast leads there\. Exit southwest leads back\.$/
> ne
Mossy Glade
> examine here
Area: Deepwood
> area Deepwood
/Deepwood: 1 room\(s\)\n +#\d+ Mossy Glade/
# A typo in the area is refused, not a new area.
> dig/area Deepwod Hollow
There is no area Deepwod. Make it with area/create Deepwod
> dig/area "Deep Wood" Hollow
There is no area Deep Wood.
# Without /area the room joins the area you stand in.
> dig Fern Bank
in area Deepwood.
> tel Fern Bank
> destroy here
Destroyed Fern Bank
# Destroying the glade takes the exit leading to it along.
> tel Mossy Glade
> destroy here
Destroyed Mossy Glade
> look
/^Exits: north, east, south, west$/
