# Prototypes: recipes with inheritance (prototypes/starter.toml gives npc and merchant),
# spawn, and proto/update pushing a change to what was spawned. Over telnet the world is
# shared, so each test removes what it made.

* a prototype inherits from two parents, left to right, and spawn makes one
> proto/create guard = {"prototype_parent": "npc", "key": "a town guard", "desc": "A guard in a dented helm.", "attrs": {"hp": 10}}
Created prototype guard.
> proto/create captain = {"prototype_parent": ["guard", "merchant"], "key": "the captain", "attrs": {"hp": 20}}
Created prototype captain.
> proto/show captain
Inherits: captain -> guard -> npc -> merchant
/key = "the captain" from captain$/
/desc = "A guard in a dented helm\." from guard$/
/kind = "character" from npc$/
/attrs\.hp = 20 from captain$/
/attrs\.sells = \[\] from merchant$/
tags = npc (from npc), merchant (from merchant)
> spawn captain
/Spawned the captain \(#\d+\) from captain in Village Green\./
> look
the captain (NPC
> examine captain
Prototype: captain
Tags: merchant, npc
hp = 20
> destroy captain
> proto/del captain
Removed prototype captain
> proto/del guard
Removed prototype guard

* loops and unknown keys are refused, naming the cycle
> proto/create lamp = {"key": "a brass lamp", "colour": "gold"}
Not saved: unknown key 'colour' (put custom data under attrs)
> proto/create lamp = {"key": "a brass lamp", "typeclass": "typeclasses.objects.Lamp"}
Not saved: 'typeclass' is not used here: use kind
> proto/create lamp = {"key": "a brass lamp"}
> proto/create oil lamp = {"prototype_parent": "lamp", "key": "an oil lamp"}
> proto/edit lamp/prototype_parent = oil lamp
Not saved: inheritance loop: lamp -> oil lamp -> lamp
> proto/show lamp
Inherits: lamp
> proto/edit npc/desc = Someone.
npc is defined in prototypes/starter.toml:6: edit that file
> proto/del lamp
oil lamp inherit(s) from lamp; change those first.
> proto/del oil lamp
> proto/del lamp

* proto/update shows what would change on every spawned object, then applies it
> proto/create lamp = {"key": "a brass lamp", "desc": "Dull brass.", "attrs": {"lit": false}}
> spawn lamp
> spawn lamp = me
> proto/edit lamp/desc = Polished brass.
2 object(s) were spawned from it
> proto/edit lamp/attrs.lit = true
> proto/update lamp
{count=2} desc: "Dull brass." -> "Polished brass."
{count=2} attrs.lit: false -> true
2 object(s) would change. proto/update/force lamp applies it.
> look 1.lamp
Dull brass.
> proto/update/force lamp
Updated 2 object(s).
> look 2.lamp
Polished brass.
> proto/update lamp
Every object spawned from lamp already matches it.
> destroy 1.lamp
> destroy lamp
> proto/del lamp
Removed prototype lamp

* undo takes back making and editing a prototype, redo brings it back
> proto/create lamp = {"key": "a brass lamp"}
> proto/edit lamp/desc = Dull brass.
> undo
1 prototype(s)
> proto/show lamp
!desc =
> undo
> proto/show lamp
No prototype named lamp.
> redo 2
> proto/show lamp
desc = "Dull brass." from lamp
> proto/del lamp
Removed prototype lamp
