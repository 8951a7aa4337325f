"""Login accounts: names, slow salted password hashes, and the character each one plays.

Pure logic with no I/O. Hashing is deliberately slow (scrypt), so front ends call
:func:`hash_password` and :func:`verify_password` outside the engine's turn (in an
executor thread: hashlib releases the GIL while scrypt runs) and only then call the
quick world-mutating functions here inside a turn.

An account record in ``world.accounts`` (keyed by lower-case name) is plain JSON:
``{"name": "Alice", "hash": "scrypt$...", "character": 12, "created": 1700000000.0}``.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from typing import Any

from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.world import World

#: scrypt cost: N=2**14, r=8, p=1 uses 16 MiB and ~60 ms of one core here. Slow enough
#: that an offline guess costs real work, cheap enough that a burst of logins does not
#: stall a small server. The parameters are stored in each hash, so raising them later
#: keeps old hashes verifiable.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MAX_PASSWORD = 256
#: Attribute holding the room an offline character returns to.
LAST_LOCATION = "last_location"

NAME_RULE = "Names are 2 to 20 letters (a hyphen or apostrophe may join them)."
_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z]|['-](?=[A-Za-z])){1,19}$")
#: Words that would confuse players or commands if they were someone's name.
RESERVED = frozenset({"me", "self", "here", "all", "new", "admin", "builder", "someone", "nobody", "quit", "look"})


@dataclass(frozen=True, slots=True)
class NameCheck:
    """What a name typed at the login prompt means."""

    status: str  # "existing" | "new" | "invalid"
    name: str = ""  # canonical spelling (the account's, or capitalised for a new one)
    reason: str = ""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash with its own random salt (slow: call off the loop)."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=KEY_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True if password matches stored; constant-time compare; False for damaged hashes."""
    try:
        scheme, n, r, p, salt64, key64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, key = base64.b64decode(salt64), base64.b64decode(key64)
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), maxmem=256 * 1024 * 1024, dklen=len(key)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, key)


def check_password_choice(password: str) -> str | None:
    """Why a new password is unacceptable, or None."""
    if len(password) < 4:
        return "Passwords need at least 4 characters."
    if len(password) > MAX_PASSWORD:
        return f"Passwords may have at most {MAX_PASSWORD} characters."
    return None


def find_account(world: World, name: str) -> dict[str, Any] | None:
    return world.accounts.get(name.strip().lower())


def check_name(world: World, name: str) -> NameCheck:
    """Is this an existing account, a free name for a new one, or not allowed?"""
    name = name.strip()
    account = find_account(world, name)
    if account is not None:
        return NameCheck("existing", str(account["name"]))
    if not _NAME.match(name):
        return NameCheck("invalid", reason=NAME_RULE)
    if name.lower() in RESERVED:
        return NameCheck("invalid", reason="That name is reserved. Choose another.")
    # Another player (the local admin, a renamed character) already answers to this
    # name. An NPC does not reserve it: `create/npc Dave` must not keep a person called
    # Dave out, and NPCs are marked as NPCs wherever characters are listed.
    if any(world.is_player_character(c) for c in world.characters_named(name)):
        return NameCheck("invalid", reason="That name is taken. Choose another.")
    return NameCheck("new", name[0].upper() + name[1:])


def create_account(world: World, name: str, password_hash: str, *, now: float = 0.0) -> GameObject:
    """Make an account and its character (call inside a turn). The first account is admin.

    The character waits outside the world (no location) with ``last_location`` set to
    the start room: logging in places it there, the same way a returning player resumes.

    Raises ValueError if the name is not free (another login may have taken it while the
    password was being hashed).
    """
    check = check_name(world, name)
    if check.status != "new":
        raise ValueError(check.reason or "That name is taken. Choose another.")
    perm = Perm.ADMIN if not world.accounts else Perm.PLAYER
    start = world.start_room()
    attrs = {LAST_LOCATION: start.id} if start is not None else {}
    char = world.create(Kind.CHARACTER, check.name, perm=perm, tags=["player"], attrs=attrs)
    world.accounts[check.name.lower()] = {"name": check.name, "hash": password_hash, "character": char.id, "created": now}
    return char


def character_of(world: World, account: dict[str, Any]) -> GameObject | None:
    return world.get(account.get("character"))
