"""How long each lesson takes to run top to bottom, and its slowest cells.

Each lesson runs alone on a fresh kernel, its cells read as
``tools/execute_notebooks.py`` reads them (from the .md of the jupytext pair),
in a temporary copy of ``notebooks/``: nothing is written back.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _read_lesson(path: Path) -> nbformat.NotebookNode:
    """The lesson as ``make execute`` runs it (tools/ is a folder of scripts, loaded by path)."""
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_lesson(path)


def _cell_seconds(cell) -> float | None:
    """Kernel time of one executed cell, from the timestamps nbclient records."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.status.busy"), timing.get("iopub.status.idle") or timing.get("shell.execute_reply")
    if not (start and end):
        return None
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run_notebook(path: Path, timeout: int) -> tuple[float, list[tuple[float, int]]]:
    """Execute ``path`` in memory; returns (seconds, [(cell seconds, cell index), ...] slowest first)."""
    nb = _read_lesson(path)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    cells = [(_cell_seconds(cell), i) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    return seconds, sorted(((dt, i) for dt, i in cells if dt is not None), reverse=True)


def measure(timeout: int = 600) -> list[dict]:
    """One row per notebook in notebooks/: seconds and the three slowest cells (or the error)."""
    paths = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in paths:
            try:
                seconds, cells = run_notebook(copy / path.name, timeout)
            except (Exception, SystemExit) as err:  # a broken lesson is a row of the table, not the end of the run
                rows.append({"notebook": path.name, "seconds": None, "slowest cells": f"failed: {type(err).__name__}"})
                continue
            slowest = ", ".join(f"cell {i}: {dt:.1f} s" for dt, i in cells[:3])
            rows.append({"notebook": path.name, "seconds": seconds, "slowest cells": slowest})
    if rows:
        total = sum(row["seconds"] or 0 for row in rows)
        rows.append({"notebook": "all together", "seconds": total, "slowest cells": ""})
    return rows
