"""Stopping the server and the browser leaves none of their processes running."""

from __future__ import annotations

import os

from browser_tests import processes
from browser_tests.chromium import Browser
from browser_tests.lab_server import LabServer


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
    browser = Browser(tmp_path / "profile")
    try:
        browser.start()
        browser.context.new_page().goto("about:blank")
        started = browser.pids()
        assert started, "no Chromium process found on the test profile"
    finally:
        browser.close()
    assert processes.wait_gone(started, timeout=5) == []
