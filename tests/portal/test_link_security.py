"""The engine only talks to a portal run by its own user (SO_PEERCRED)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.portal.procs import init_game

NOBODY = 65534

FAKE_PORTAL = textwrap.dedent(
    """
    import os, socket, sys
    path = sys.argv[1]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chmod(path, 0o777)
    s.listen(1)
    s.settimeout(10)
    conn, _ = s.accept()
    conn.settimeout(3)
    try:
        data = conn.recv(4096)
    except socket.timeout:
        data = b"(timeout)"
    print(repr(data), flush=True)
    """
)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to run a process as another user")
def test_engine_refuses_a_portal_run_by_another_user(tmp_path):
    game = init_game(tmp_path)
    shared = Path(tempfile.mkdtemp(dir="/tmp"))  # a shared place another user can write
    shared.chmod(0o777)
    link = shared / "portal.sock"
    fake = subprocess.Popen(
        # The system interpreter: the fake needs only the standard library, and the
        # other user may not be able to reach the project's virtualenv.
        [shutil.which("python3", path="/usr/bin:/bin") or sys.executable, "-c", FAKE_PORTAL, str(link)],
        stdout=subprocess.PIPE,
        text=True,
        user=NOBODY,
    )
    try:
        for _ in range(100):
            if link.exists():
                break
            subprocess.run(["sleep", "0.05"])
        engine = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--portal", str(link)],
            stderr=subprocess.PIPE,
            text=True,
        )
        out, _ = fake.communicate(timeout=20)
        engine.terminate()
        _, err = engine.communicate(timeout=10)
        assert out.strip() == "b''", f"the engine spoke to a stranger's portal: {out!r}"
        assert "run by another user" in err
    finally:
        fake.kill()
        link.unlink(missing_ok=True)
        shared.rmdir()
