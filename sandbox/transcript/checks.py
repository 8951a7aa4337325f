"""Judging one check against the plain text a session received; failures say why."""
from __future__ import annotations

from dataclasses import dataclass

from sandbox.transcript.model import Check, Location


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing that went wrong in a test, with everything a report needs."""

    where: Location
    message: str
    expected: str = ""
    actual: str | None = None
    #: The command whose output was checked (file:line and text), if any.
    after: str = ""

    def format(self) -> str:
        lines = [f"{self.where}: {self.message}"]
        if self.after:
            lines.append(f"  after:    {self.after}")
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.actual is not None:
            if self.actual.strip():
                lines.append("  actual:")
                lines.extend(f"    | {line}" for line in self.actual.splitlines())
            else:
                lines.append("  actual:   (nothing)")
        return "\n".join(lines)


def occurrences(check: Check, output: str) -> int:
    if check.regex is not None:
        return sum(1 for _ in check.regex.finditer(output))
    return output.count(check.text)


def evaluate(check: Check, output: str, session: str) -> str | None:
    """None if the check holds, else a one-line reason."""
    if check.nothing:
        received = bool(output.strip())
        if received != check.negate:  # {nothing} wants silence; !{nothing} wants any output
            return f"{session} expected no output" if not check.negate else f"{session} received nothing"
        return None
    if check.count is not None:
        found = occurrences(check, output)
        matched = found == check.count
        if matched == check.negate:
            want = "not exactly" if check.negate else "exactly"
            return f"{session} expected {want} {check.count} occurrence(s), found {found}"
        return None
    found_any = (check.regex.search(output) is not None) if check.regex is not None else (check.text in output)
    if found_any and check.negate:
        return f"{session} received text that must not appear"
    if not found_any and not check.negate:
        if not output.strip():
            return f"{session} received no output"
        what = "no match for the pattern" if check.regex is not None else "expected text not found"
        return f"{session}: {what}"
    return None
