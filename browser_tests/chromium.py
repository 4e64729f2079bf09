"""Debian's headless Chromium driven by Playwright for Python.

Browsers cannot be downloaded here, so Playwright launches ``/usr/bin/chromium``
(installed by ``tools/setup_browser.sh``) with a fresh profile directory.
"""

from __future__ import annotations

import signal
from pathlib import Path

from browser_tests import processes

CHROMIUM = "/usr/bin/chromium"
# Quiet and offline: no background requests, updates, sync or first-run pages.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 900}


class Browser:
    """A persistent Chromium context on ``profile_dir``; ``close()`` leaves nothing running."""

    def __init__(self, profile_dir: Path):
        self.profile_dir = profile_dir
        self._playwright = None
        self.context = None

    def start(self) -> None:
        from playwright.sync_api import sync_playwright  # installed by tools/setup_browser.sh

        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"{CHROMIUM} is missing: run `bash tools/setup_browser.sh .venv`")
        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            str(self.profile_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT, device_scale_factor=1, timeout=60_000)

    def pids(self) -> list[int]:
        """Ids of the Chromium started on our profile directory and of all its helpers."""
        marker = f"--user-data-dir={self.profile_dir}".encode()
        browsers = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes():
                    browsers.append(int(entry.name))
            except OSError:
                continue
        helpers = {child for pid in browsers for child in processes.descendants(pid)}
        return sorted(set(browsers) | helpers)

    def close(self) -> None:
        """Close the browser and the Playwright driver; kill by id what still runs."""
        leftovers = self.pids()
        try:
            if self.context is not None:
                self.context.close()
        finally:
            self.context = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None
            processes.kill_pids(processes.wait_gone(leftovers, timeout=5), signal.SIGKILL)

