"""The link's wire format: length-prefixed JSON frames, parsed without a socket.

A frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON (one
object). The decoder is fed whatever bytes arrived and returns the complete frames, so
framing is testable on its own and a torn read never splits a message.
"""
from __future__ import annotations

import struct
from typing import Any

import orjson

#: Bump when a message changes meaning; both sides refuse a peer of another version.
PROTOCOL_VERSION = 1
#: Large enough for a batch of output to hundreds of players, small enough to bound memory.
MAX_FRAME = 8 * 1024 * 1024
_HEADER = struct.Struct(">I")


class FrameError(Exception):
    """The peer sent something that is not a frame; the link must be dropped."""


def encode(message: dict[str, Any]) -> bytes:
    body = orjson.dumps(message)
    if len(body) > MAX_FRAME:
        raise FrameError(f"frame of {len(body)} bytes exceeds {MAX_FRAME}")
    return _HEADER.pack(len(body)) + body


class FrameDecoder:
    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        self._buffer = bytearray()
        self.max_frame = max_frame

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer += data
        frames: list[dict[str, Any]] = []
        buf = self._buffer
        offset = 0
        while len(buf) - offset >= 4:
            (length,) = _HEADER.unpack_from(buf, offset)
            if length > self.max_frame:
                raise FrameError(f"frame of {length} bytes exceeds {self.max_frame}")
            if len(buf) - offset - 4 < length:
                break
            body = bytes(buf[offset + 4 : offset + 4 + length])
            offset += 4 + length
            try:
                message = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                raise FrameError(f"frame is not JSON: {exc}") from exc
            if not isinstance(message, dict) or not isinstance(message.get("t"), str):
                raise FrameError("frame is not a message object with a type 't'")
            frames.append(message)
        del buf[:offset]
        return frames
