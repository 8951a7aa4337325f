# Area resets on the engine clock: a taken item is respawned, a wandered NPC walks home,
# a gate a player opened is shut again. Uses {wait}: not runnable over telnet.
% seed 0

* a reset respawns a taken item and returns a wandered NPC after five minutes
> proto/create brass key = {"key": "brass key", "aliases": ["key"], "desc": "A small brass key."}
> proto/create town crier = {"prototype_parent": "npc", "key": "the town crier", "behaviours": {"wander": 70}}
> area/reset Millbrook = brass key in here
Each reset keeps brass key in #1 max 1.
> area/reset Millbrook = town crier in Village Green
Each reset keeps town crier in #1 max 1.
> area/reset Millbrook = every 5m
Millbrook resets every 5m.
> reset
/Reset Millbrook: spawned brass key \(#\d+\), the town crier \(#\d+\)\./
> get key
You pick up brass key.
{wait 70s}
the town crier leaves
> look
!the town crier
!You see: notice board (#26), old well (#27), brass key
{wait 229s}
!the town crier arrives.
> look
!brass key (#
{wait 1s}
the town crier arrives.
> look
the town crier (NPC #
You see: notice board (#26), old well (#27), brass key
> inventory
brass key
> area/resets
Millbrook: every 5m; next in 5m
1. brass key in #1 max 1
2. town crier in #1 max 1
/last pass \(0s ago\): spawned brass key \(#\d+\); returned the town crier \(#\d+\)/

* a gate opened by a player is shut again by the reset that restores it
> area/reset Millbrook = restore #18
Each reset puts back north (#18) as it is now: restore #18: err_traverse="[error]The iron gate is shut. Perhaps something at the river opens it.[/error]", locked=true, lock traverse.
> area/reset Millbrook = every 1m
> west
> pull lever
Somewhere nearby, a gate grinds open.
> east
> north
> north
Old Mill
> south
{wait 1m}
> north
The iron gate is shut.
> area/resets Millbrook
restored north (#18)

* a reset "when empty" waits while a player is in the area; reset runs it anyway
> proto/create brass key = {"key": "brass key"}
> area/reset Millbrook = brass key in here
> area/reset Millbrook = every 1m when empty
Millbrook resets every 1m when no player is there.
{wait 1m}
> look
!brass key
> area/resets
every 1m, only when no player is there; next in 1m
last pass (0s ago): skipped: Tester is in the area
> reset Millbrook
Reset Millbrook: spawned brass key
> area/reset/del Millbrook = 1
Removed rule 1: brass key in #1 max 1.
> area/resets Millbrook
(no rules)

* resets are saved with the area and undone like any building
> area/reset Millbrook = every 5m
> undo
> area/resets Millbrook
no timer

* a door that follows a prototype is reset to the prototype's state
> proto/create iron door = {"kind": "exit", "attrs": {"locked": true, "err_traverse": "The iron door is shut fast."}}
> proto/apply iron door = #18
north (#18) now follows prototype iron door (attrs.err_traverse).
> proto/apply iron door = here
iron door makes an exit; Village Green is a room
> area/reset Millbrook = restore #18
restore #18 to its prototype
> area/reset Millbrook = every 1m
> west
> pull lever
Somewhere nearby, a gate grinds open.
> east
> north
> north
Old Mill
> south
{wait 1m}
> north
The iron door is shut fast.
> area/resets Millbrook
restored north (#18)
