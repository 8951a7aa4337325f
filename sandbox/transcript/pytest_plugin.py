"""pytest plugin: every ``*.mud`` transcript is a test file, each ``* test`` an item.

Enable it with ``pytest_plugins = ["sandbox.transcript.pytest_plugin"]`` in a
conftest.py. Commands come from the pytest root directory's ``commands/`` (or the
package's); failures print file:line, the expected line and the actual output.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.transcript.discover import is_transcript
from sandbox.transcript.model import TestCase, TranscriptSyntaxError
from sandbox.transcript.parser import parse_file
from sandbox.transcript.playback import TestResult
from sandbox.transcript.runner import TranscriptRunner


class TranscriptFailed(Exception):
    def __init__(self, result: TestResult) -> None:
        super().__init__(result.report())
        self.result = result


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if is_transcript(file_path):
        return TranscriptModule.from_parent(parent, path=file_path)
    return None


def _runner(config: pytest.Config) -> TranscriptRunner:
    # One runner per pytest run: its world and command-table cache spans every file.
    runner = getattr(config, "_transcript_runner", None)
    if runner is None:
        runner = TranscriptRunner(game_dir=config.rootpath)
        config._transcript_runner = runner  # type: ignore[attr-defined]  # one runner per pytest run, kept on its config
    return runner


class TranscriptModule(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        parsed = parse_file(self.path)
        seen: dict[str, int] = {}
        for case in parsed.tests:
            # Two tests with one name would collide as pytest node ids: number the repeats.
            seen[case.name] = seen.get(case.name, 0) + 1
            name = case.name if seen[case.name] == 1 else f"{case.name} [{seen[case.name]}]"
            yield TranscriptItem.from_parent(self, name=name, case=case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, TranscriptSyntaxError):
            return f"transcript syntax error: {excinfo.value}"
        return super().repr_failure(excinfo)


class TranscriptItem(pytest.Item):
    def __init__(self, *, case: TestCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        result = _runner(self.config).run_test(self.path, self.case)
        if not result.passed:
            raise TranscriptFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, TranscriptFailed):
            return "\n".join(f.format() for f in excinfo.value.result.failures)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.where.line - 1, f"transcript: {self.case.name}"
