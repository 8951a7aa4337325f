"""The link's framing, without a socket."""
import pytest

from sandbox.portal.frames import FrameDecoder, FrameError, encode


def test_round_trip_through_torn_reads():
    messages = [{"t": "input", "psid": i, "line": "say héllo " * i} for i in range(50)]
    wire = b"".join(encode(m) for m in messages)
    decoder = FrameDecoder()
    got = []
    for i in range(0, len(wire), 7):  # worst case: every read splits a header or body
        got.extend(decoder.feed(wire[i : i + 7]))
    assert got == messages


def test_oversized_frame_is_refused_before_buffering():
    decoder = FrameDecoder(max_frame=1024)
    with pytest.raises(FrameError, match="exceeds"):
        decoder.feed(b"\x00\x10\x00\x00")


@pytest.mark.parametrize("body", [b"not json", b"[1,2]", b'{"no_type": 1}'])
def test_malformed_frames_are_errors(body):
    with pytest.raises(FrameError):
        FrameDecoder().feed(len(body).to_bytes(4, "big") + body)
