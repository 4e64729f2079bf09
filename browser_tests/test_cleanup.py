"""Stopping the server and the browser leaves none of their processes running."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from browser_tests import processes
from browser_tests.conftest import REPO
from browser_tests.lab_server import LabServer

# Playwright's sync API allows one instance per thread and the session's browser
# is already running here, so this Chromium is started in a child Python.
_BROWSER_ROUND_TRIP = """
import json, sys
from pathlib import Path
from browser_tests.chromium import Browser
browser = Browser(Path(sys.argv[1]))
try:
    browser.start()
    browser.context.new_page().goto("about:blank")
    started = browser.pids()
finally:
    browser.close()
print(json.dumps(started))
"""


def test_stopping_the_server_ends_it_and_its_kernel(tmp_path):
    (tmp_path / "root").mkdir()
    server = LabServer(tmp_path / "root", tmp_path / "jupyter", dict(os.environ))
    try:
        server.start()
        server.api("kernels", method="POST", body={"name": "python3"})
        started = [server.pid] + processes.descendants(server.pid)
        assert len(started) >= 2, "the kernel process did not appear"
    finally:
        server.stop()
    assert processes.wait_gone(started, timeout=5) == []


def test_closing_the_browser_ends_every_chromium_process(tmp_path):
    done = subprocess.run([sys.executable, "-c", _BROWSER_ROUND_TRIP, str(tmp_path / "profile")],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    started = json.loads(done.stdout.strip().splitlines()[-1])
    assert started, "no Chromium process found on the test profile"
    assert processes.wait_gone(started, timeout=5) == []
