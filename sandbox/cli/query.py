"""`sandbox query CONDITION...`: find objects in a saved world with TinyDB queries.

Reads the world as start-up does (checkpoint plus journal), without writing or locking,
so it works while the game runs. All conditions must hold; see docs/storage.md.

  sandbox query kind=room area=Millbrook
  sandbox query 'name~lever'            (a regular expression, any case)
  sandbox query tag=npc 'attrs.hp<5'
  sandbox query kind=exit destination=#2 --json
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from sandbox.cli.common import add_game_option
from sandbox.store.query import QueryError, read_world, search
from sandbox.store.storage import StoreError
from sandbox.store.world_store import WorldStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("query", help="find objects in the saved world (TinyDB queries; safe while it runs)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_game_option(p)
    p.add_argument("conditions", nargs="+", metavar="CONDITION", help="FIELD OP VALUE, e.g. kind=room")
    p.add_argument("--json", action="store_true", help="print the matching objects' documents as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    world_dir = Path(args.game) / "world"
    if not world_dir.is_dir() or WorldStore(world_dir, writable=False).is_empty():
        print(f"sandbox query: there is no saved world in {world_dir}", file=sys.stderr)
        return 2
    try:
        world = read_world(world_dir)
        found = search(world, args.conditions)
    except QueryError as exc:
        print(f"sandbox query: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"sandbox query: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(found, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        for doc in found:
            holder = world.get(doc["location"])
            where = f"  in #{holder.id} {holder.name}" if holder is not None else ""
            print(f"#{doc['id']:<5} {doc['kind']:<9} {doc['name']}{where}")
    print(f"{len(found)} object(s) match.", file=sys.stderr)
    return 0 if found else 1
