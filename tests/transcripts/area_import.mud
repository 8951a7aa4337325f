# An area exported from one world (tests/store/area_fixtures.py builds both worlds)
# imported into another that grew apart: every id it uses is taken here.
# Needs its own world (% world), so it is not run over telnet against a server's world.
% world data/millbrook-diverged.area.json
% perm tester admin

* an area whose ids clash is refused without renumbering, and nothing changes
> area/import tests/transcripts/data/harbour.area.json
Not imported: id #33 is already used by 'Bakery' outside area 'Harbour'
(import with --renumber
> look
Exits: north, east, south, west
!northwest

* renumbered, it is reached from its old neighbour and plays the same
> area/import/renumber tests/transcripts/data/harbour.area.json
Imported area Harbour: 9 objects.
#33 is now #45
#34 is now #46
exit 'west' (#52) would lead to #35 Lighthouse (area Coast), which is not in this world: it is kept leading nowhere
prototypes added: harbourmaster
> look
Exits: north, east, south, west, northwest
> northwest
Harbour Gate (#45)
Gulls wheel over a stone gate.
Exits: north, southeast
You see: tide table (#53).
> examine tide table
quay = "#46"
> north
Quay (#46)
Exits: east, south, west
Here: the harbourmaster (NPC #54).
> west
That exit leads nowhere.
> east
Riverbank (#7)
> east
Village Green (#1)

* the imported resets point at the renumbered rooms and spawn from the imported prototype
> area/import/renumber tests/transcripts/data/harbour.area.json
> area/resets Harbour
Harbour: every 5m; next in 5m
1. harbourmaster in #46 max 1
> teleport #46
> destroy harbourmaster
> reset Harbour
Reset Harbour: spawned the harbourmaster
> look
Here: the harbourmaster

* a player walks the imported area as in the world it came from
> area/import/renumber tests/transcripts/data/harbour.area.json
alice> northwest
Harbour Gate
Gulls wheel over a stone gate.
Exits: north, southeast
You see: tide table.
alice> north
Ropes and nets lie along the quay.
Here: the harbourmaster (NPC).
alice> south
alice> southeast
Village Green

* only admins import, and only files inside the game directory
> area/import ../../../etc/passwd
Not imported: ../../../etc/passwd is outside the game directory
> area/import tests/transcripts/data/nothing-here.json
Not imported:
cannot read area file
% perm alice builder
alice> area/import/renumber tests/transcripts/data/harbour.area.json
area/import is for admins
alice> look
!northwest
