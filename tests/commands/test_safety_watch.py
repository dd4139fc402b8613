"""Class 7: `watch` started while the layout (or the data) is broken reports it, keeps
watching, and rebuilds as soon as the file is fixed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.exe


def _wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


@pytest.mark.parametrize("broken", ["layout", "data"])
def test_watch_recovers_when_the_file_is_fixed(mini, tmp_path, broken):
    target = mini.parent / "layouts" / "mini.yaml" if broken == "layout" else mini / "roles.yaml"
    good = target.read_text()
    bad = good.replace("min_text_size: 6pt", "min_text_size: -6pt") if broken == "layout" \
        else good.replace("zone:", "zone: [", 1)
    assert bad != good
    target.write_text(bad)
    out = tmp_path / "w.pdf"
    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "posterbuild", "watch", str(mini), "-o", str(out),
                                 "--max-builds", "2"], stdout=subprocess.PIPE, stderr=err, text=True)
        try:
            deadline = time.monotonic() + 60
            while "error" not in log.read_text():
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
            assert not out.exists()
            time.sleep(0.3)
            target.write_text(good)  # fixed
            _wait_for(out, proc)
            stdout, _ = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0
    assert f"rebuilt {out}" in stdout and "Traceback" not in log.read_text()
    assert (mini.parent / "layouts" / "mini.yaml").name in log.read_text() or "roles.yaml" in log.read_text()
    assert out.read_bytes().startswith(b"%PDF-")
