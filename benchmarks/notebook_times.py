"""How long each lesson takes to run top to bottom, and its slowest cells.

Each lesson runs alone on a fresh kernel, its cells read as
``tools/execute_notebooks.py`` reads them (from the .md of the jupytext pair),
in a temporary copy of ``notebooks/``: nothing is written back.

By default each kernel starts as a lesson does outside ``make`` (Colab, a hub, a
plain ``jupyter lab``): none of the thread variables (``OPENBLAS_NUM_THREADS``
and the like) set, so only the course's own ``set_seed`` pins the threads; and
with another process busy on one core all along, as on a shared machine.

    .venv/bin/python -m benchmarks.notebook_times              # every lesson, one core busy
    .venv/bin/python -m benchmarks.notebook_times 07 --quiet   # one lesson, nothing else running
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
# What make, a CI runner or a benchmark may set that a student's kernel does not have.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "COURSE_THREADS")


@contextlib.contextmanager
def launched_without_make():
    """Kernels started inside see none of ``THREAD_VARIABLES`` (they inherit ``os.environ``)."""
    saved = {name: os.environ.pop(name) for name in THREAD_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


@contextlib.contextmanager
def one_core_busy(busy: bool = True):
    """Another process spinning on one core for as long as the block runs (nothing when ``busy`` is False)."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        yield
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()


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


def measure(timeout: int = 600, busy: bool = True, only: tuple[str, ...] = ()) -> list[dict]:
    """One row per notebook in notebooks/: seconds and the three slowest cells (or the error).

    Kernels start without the Makefile's thread variables; ``busy``: with one core
    held by another process. ``only``: name prefixes ("06", "07_depth") to run.
    """
    paths = [path for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
             if not only or path.name.startswith(tuple(only))]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, launched_without_make(), one_core_busy(busy):
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="lessons to run, by the start of their name (default: all)")
    parser.add_argument("--quiet", action="store_true", help="no busy process beside the lessons")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    for row in measure(busy=not args.quiet, only=tuple(args.only)):
        seconds = "failed" if row["seconds"] is None else f"{row['seconds']:.1f} s"
        print(f"{row['notebook']:28s} {seconds:>8}   {row['slowest cells']}")
    print(f"launched without make's thread variables, {'one core busy' if not args.quiet else 'no busy process'}; "
          f"load average before: {load:.2f}")


if __name__ == "__main__":
    main()
