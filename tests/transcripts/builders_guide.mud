# Generated from docs/builders-guide.md by `python -m tests.docs.test_builders_guide`:
# edit the page, not this file.
* the builder's guide, start to finish
> area/create Tinker's Row
Created area Tinker's Row.
> dig Tinker's Yard = northwest;nw, southeast;se
Exit northwest leads there. Exit southeast leads back.
> northwest
Tinker's Yard
> area/move here = Tinker's Row
is now in area Tinker's Row.
> describe here = A cobbled yard behind the green. A shop door stands to the north, a heavy iron door to the east.
> dig Tinker's Shop = north;n, south;s
in area Tinker's Row.
> dig Strongroom = east;e, west;w
in area Tinker's Row.
> area Tinker's Row
Tinker's Row: 3 room(s)
> proto/create brass key = {"key": "brass key", "aliases": ["key"], "desc": "A small brass key on a tag that says STRONGROOM."}
Created prototype brass key.
> proto/show brass key
key = "brass key" from brass key
kind = "thing" (the default)
> lock east = traverse:holds(brass key)
> proto/create shopkeeper = {"prototype_parent": "merchant", "key": "Odo the tinker", "aliases": ["odo", "tinker"], "desc": "A small man with a smaller hammer.", "attrs": {"sells": ["lamp oil", "rope"]}}
Created prototype shopkeeper.
> proto/show shopkeeper
Inherits: shopkeeper -> merchant -> npc
/attrs\.sells = \["lamp oil", "rope"\] from shopkeeper$/
/kind = "character" from npc$/
> area/reset Tinker's Row = brass key in Tinker's Shop
Each reset keeps brass key in
> area/reset Tinker's Row = shopkeeper in Tinker's Shop max 1
Each reset keeps shopkeeper in
> area/reset Tinker's Row = every 5m
Tinker's Row resets every 5m.
> reset Tinker's Row
/Reset Tinker's Row: spawned brass key \(#\d+\), Odo the tinker \(#\d+\)\./
> area/resets Tinker's Row
Tinker's Row: every 5m; next in 5m
1. brass key in
2. shopkeeper in
alice> northwest
Tinker's Yard
alice> north
Tinker's Shop
Here: Odo the tinker (NPC).
You see: brass key.
alice> get key
You pick up brass key.
alice> south
Tinker's Yard
alice> east
Strongroom
alice> west
bob> northwest
bob> east
!Strongroom
> north
Tinker's Shop
> teleport odo = #1
Sent Odo the tinker to Village Green.
> south
{wait 5m}
> north
Tinker's Shop
Here: Odo the tinker (NPC
You see: brass key (#
alice> inventory
brass key
