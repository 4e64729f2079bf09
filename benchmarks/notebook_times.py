"""How long each notebook takes to run top to bottom, and its slowest cells.

Notebooks are copied to a temporary folder and executed there with
``tools/execute_notebooks.py``'s ``execute`` (the command that produces the
committed outputs), so ``notebooks/`` is never touched.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _executor():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.execute


def measure(timeout: int = 600) -> list[dict]:
    """One row per notebook in notebooks/: seconds, the three slowest cells, or the error."""
    paths = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if not paths:
        return []
    execute, rows = _executor(), []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in paths:
            try:
                seconds, cells = execute(copy / path.name, timeout)
            except Exception as err:  # a broken notebook is a row of the table, not the end of the run
                rows.append({"notebook": path.name, "seconds": None, "slowest": f"failed: {type(err).__name__}"})
                continue
            slowest = ", ".join(f"cell {i} {dt:.1f} s" for dt, i, _ in cells[:3])
            rows.append({"notebook": path.name, "seconds": seconds, "slowest": slowest})
    return rows
