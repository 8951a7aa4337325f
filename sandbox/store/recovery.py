"""Reading a world back: checkpoint files checked document by document, then the journal replayed.

Everything is gathered and checked before a single object is built, so a damaged world
stops start-up with the file (and object, and field) named and nothing changed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.engine.history import History
from sandbox.engine.objects import GameObject, from_doc
from sandbox.engine.world import Area, World
from sandbox.store.journal import JOURNAL
from sandbox.store.layout import ACCOUNTS, HISTORY, META, file_of
from sandbox.store.storage import StoreError, read_json


class Recovery:
    """What a world's files and journal say, gathered and checked before anything is built."""

    def __init__(self) -> None:
        self.docs: dict[int, dict[str, Any]] = {}
        self.home: dict[int, str] = {}
        self.parts: dict[str, dict[str, Any]] = {}
        self.duplicates: dict[int, tuple[str, str]] = {}
        self.rekeyed = False
        self.meta: dict[str, Any] = {}
        self.area_docs: dict[str, Any] = {}
        self.account_docs: dict[str, Any] = {}
        self.history_doc: dict[str, Any] = {}
        #: The history as replay changes it (made from history_doc at the first operation).
        self.hist: History | None = None
        self.where: dict[str, Path] = {}

    def read_file(self, d: Path, name: str) -> None:
        path = file_of(d, name)
        data = read_json(path)
        if name == META:
            self.where["meta"] = path
            meta = _table(data, "meta", path).get("1", {})
            if not isinstance(meta, dict):
                raise StoreError(path, "meta document 1 is not a JSON object")
            self.meta = dict(meta)
            for key, doc in _table(data, "areas", path).items():
                if not isinstance(doc, dict) or not isinstance(doc.get("name"), str) or not doc["name"]:
                    raise StoreError(path, f"area {key}: needs a name (text)")
                if not isinstance(doc.get("desc", ""), str):
                    raise StoreError(path, f"area {doc['name']!r}: desc must be text")
                self.area_docs[doc["name"]] = doc
        elif name == ACCOUNTS:
            self.where["accounts"] = path
            self.account_docs = dict(_table(data, "accounts", path))
        elif name == HISTORY:
            self.where["history"] = path
            self.history_doc = dict(_table(data, "history", path))
        else:
            table = _table(data, "objects", path)
            for key, doc in table.items():
                if not isinstance(doc, dict) or type(doc.get("id")) is not int:
                    raise StoreError(path, f"object {key}: not an object document with a numeric id")
                oid = doc["id"]
                if oid in self.home:
                    self.duplicates[oid] = (self.home[oid], name)
                elif key != str(oid):
                    self.rekeyed = True
                self.home[oid] = name
                self.docs[oid] = doc
            self.parts[name] = table

    def replay(self, record: dict[str, Any], where: Path) -> None:
        for op in record.get("ops", ()):
            kind = op[0] if isinstance(op, list) and op else None
            if kind == "put" and isinstance(op[2], dict):
                self.docs[op[1]] = op[2]
                self.home[op[1]] = "journal"
            elif kind == "del":
                self.docs.pop(op[1], None)
            elif kind == "area":
                if op[2] is None:
                    self.area_docs.pop(op[1], None)
                else:
                    self.area_docs[op[1]] = op[2]
            elif kind == "meta":
                self.meta = dict(op[1])
            elif kind == "acct":
                if op[2] is None:
                    self.account_docs.pop(op[1], None)
                else:
                    self.account_docs[op[1]] = op[2]
            elif kind == "hist":
                if self.hist is None:
                    self.hist = self.history(where.parent)
                self.hist.apply(op[1:])
            else:
                raise StoreError(where, f"record {record.get('seq')}: unknown operation {op!r:.60}")

    def build_objects(self, world: World, d: Path) -> list[GameObject]:
        objects = []
        for oid, doc in self.docs.items():
            try:
                objects.append(from_doc(doc, world))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                home = self.home.get(oid, "")
                path = d / JOURNAL if home == "journal" else file_of(d, home)
                problem = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
                raise StoreError(path, f"object #{oid}: {problem}") from exc
        return objects

    def areas(self, d: Path) -> list[Area]:
        return [Area.from_doc(doc) for doc in self.area_docs.values()]

    def meta_doc(self, d: Path) -> dict[str, Any]:
        path = self.where.get("meta", d)
        for key in ("next_id", "start_room"):
            value = self.meta.get(key)
            if value is not None and type(value) is not int:
                raise StoreError(path, f"meta: {key} must be a number, not {type(value).__name__}")
        return self.meta

    def accounts_doc(self, d: Path) -> dict[str, Any]:
        path = self.where.get("accounts", d)
        for key, rec in self.account_docs.items():
            if not isinstance(rec, dict):
                raise StoreError(path, f"account {key!r}: not a JSON object")
            if not isinstance(rec.get("name"), str) or not isinstance(rec.get("hash"), str):
                raise StoreError(path, f"account {key!r}: needs name and hash (text)")
            if rec.get("character") is not None and type(rec.get("character")) is not int:
                raise StoreError(path, f"account {key!r}: character must be an object id")
        return self.account_docs

    def history(self, d: Path) -> History:
        if self.hist is not None:
            return self.hist
        try:
            return History.from_doc(self.history_doc)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise StoreError(self.where.get("history", d), f"undo history is damaged ({exc})") from exc


def _table(data: dict[str, Any], table: str, where: Path) -> dict[str, Any]:
    value = data.get(table, {})
    if not isinstance(value, dict):
        raise StoreError(where, f"table {table!r} is not a JSON object")
    return value


