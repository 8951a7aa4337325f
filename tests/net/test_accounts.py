"""Account logic (sandbox.engine.accounts): hashes, names, the first admin."""
from __future__ import annotations

from pathlib import Path

from sandbox.engine import accounts
from sandbox.engine.objects import Kind, Perm
from sandbox.game import new_world


def test_hash_is_salted_slow_scrypt_and_verifies() -> None:
    a, b = accounts.hash_password("pw1234"), accounts.hash_password("pw1234")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert accounts.verify_password("pw1234", a) and not accounts.verify_password("pw1235", a)
    assert not accounts.verify_password("pw1234", "garbage") and not accounts.verify_password("x", "scrypt$1$2$3$!$!")


def test_names_first_admin_and_taken_names() -> None:
    world = new_world(Path("/nonexistent"))
    assert accounts.check_name(world, "x").status == "invalid"
    assert accounts.check_name(world, "me").status == "invalid"
    # An NPC's name does not keep a person out (issue 12); a player character's does.
    assert accounts.check_name(world, "whiskers") == accounts.NameCheck("new", "Whiskers")
    world.create(Kind.CHARACTER, "Local")  # a character without the npc tag plays
    assert accounts.check_name(world, "local").reason.startswith("That name is taken")
    assert accounts.check_name(world, "o'brien") == accounts.NameCheck("new", "O'brien")
    first = accounts.create_account(world, "alice", "h1")
    second = accounts.create_account(world, "Bob", "h2")
    assert (first.perm, second.perm) == (Perm.ADMIN, Perm.PLAYER)
    assert first.location is None and first.attrs[accounts.LAST_LOCATION] == world.start_room().id
    assert accounts.check_name(world, "ALICE") == accounts.NameCheck("existing", "Alice")
    assert world.pending_record().accounts["bob"][1]["character"] == second.id  # recorded, to be saved
    assert world.accounts["bob"]["character"] == second.id
