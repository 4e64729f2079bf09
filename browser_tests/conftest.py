"""Fixtures: one JupyterLab server and one headless Chromium per test session.

Both are stopped in their fixture's finalizer by their own process ids, also
when a test fails. Screenshots go to ``browser_tests/screenshots/`` (or
``$BROWSER_SCREENSHOTS``); the run's last lines name the folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from browser_tests.chromium import Browser
from browser_tests.lab_server import LabServer
from browser_tests.notebook_page import NotebookPage

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_DIR = "_browser_fixtures"  # folder of the fixture notebooks inside the served copy
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", Path(__file__).resolve().parent / "screenshots"))


def pytest_addoption(parser):
    parser.addoption("--update-docs-screenshots", action="store_true",
                     help="also copy each explorer's before/after screenshot into docs/screenshots/")


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_failed = report.failed


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """A throw-away copy of notebooks/ (plus the fixture notebooks), like `make lab` serves."""
    course = tmp_path_factory.mktemp("course")
    root = course / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    shutil.copytree(FIXTURES, root / FIXTURE_DIR)
    return root


@pytest.fixture(scope="session")
def lab_server(served_root, tmp_path_factory):
    server = LabServer(served_root, tmp_path_factory.mktemp("jupyter"), dict(os.environ))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        chromium.start()
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def page(browser, lab_server, screenshots, request):
    """A fresh browser tab; on failure its screenshot is kept; its kernels are shut down."""
    tab = browser.context.new_page()
    tab.set_default_timeout(60_000)
    try:
        yield tab
        if getattr(request.node, "call_failed", False):
            name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
            tab.screenshot(path=str(screenshots / f"FAILED-{name}.png"), timeout=20_000)
    finally:
        tab.close()
        lab_server.shutdown_kernels()


@pytest.fixture
def open_notebook(page, lab_server):
    """``open_notebook("01_neuron.ipynb")`` -> a :class:`NotebookPage`, kernel idle."""
    def opener(name: str) -> NotebookPage:
        notebook = NotebookPage(page, lab_server, name)
        notebook.open()
        return notebook
    return opener
