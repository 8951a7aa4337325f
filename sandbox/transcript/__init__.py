"""Transcript tests: scripted sessions written as plain text (docs/transcripts.md).

``parse_file`` reads a ``*.mud`` file into tests; ``TranscriptRunner`` runs them in
this process on fresh worlds with a virtual clock; ``sandbox.transcript.telnet`` runs
the same files against a live server; ``Recorder`` writes a played session as one.
"""
from __future__ import annotations

from sandbox.transcript.checks import Failure
from sandbox.transcript.discover import is_transcript, transcript_files
from sandbox.transcript.model import TestCase, TranscriptFile, TranscriptSyntaxError
from sandbox.transcript.parser import parse_file, parse_text
from sandbox.transcript.playback import TestResult
from sandbox.transcript.runner import TranscriptRunner

__all__ = [
    "Failure",
    "TestCase",
    "TestResult",
    "TranscriptFile",
    "TranscriptRunner",
    "TranscriptSyntaxError",
    "is_transcript",
    "parse_file",
    "parse_text",
    "transcript_files",
]
