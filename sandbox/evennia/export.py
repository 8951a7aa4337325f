"""``sandbox export --to evennia``: an area export in, a batch-code file and its report out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.evennia.batchcode import write_batchcode
from sandbox.evennia.report import CodeInfo, Report, build_report
from sandbox.evennia.translate import to_specs
from sandbox.markup import Theme


@dataclass(frozen=True, slots=True)
class EvenniaExport:
    text: str  #: the batch-code file
    report: Report  #: what the coder must finish (also in the file's first lines)
    objects: int


def export_evennia(data: dict[str, Any], theme: Theme | None = None, code: CodeInfo | None = None) -> EvenniaExport:
    """The batch-code file for an area export (``sandbox.store.transfer.export_area``)."""
    specs, problems = to_specs(data, theme)
    report = build_report(specs, data["area"], code or CodeInfo(), problems)
    return EvenniaExport(write_batchcode(data["area"], specs, report), report, len(specs))
