"""Re-execute lessons top to bottom on a fresh kernel and store their outputs.

    python tools/execute_notebooks.py                          # every lesson in notebooks/
    python tools/execute_notebooks.py notebooks/03_activations.md
    python tools/execute_notebooks.py 03_activations           # .md, .ipynb or the bare name

This is the one command that produces the committed outputs that strict nbval
compares against. A lesson is a jupytext pair (NN_name.md + NN_name.ipynb):
the cells are read from the .md, run, and written with their outputs to the
.ipynb, keeping the cell ids it had (no churn in diffs). The .md is never
rewritten; only its time stamp moves to now, so that jupytext and JupyterLab
see the pair in sync. Prints each notebook's run time and slowest cells.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"


def lesson_path(arg: str | Path) -> Path:
    """The .ipynb of a lesson named by its .ipynb, its .md or its bare name (then looked up in notebooks/)."""
    path = Path(arg)
    path = path.with_suffix(".ipynb") if path.suffix in (".ipynb", ".md") else path.with_name(path.name + ".ipynb")
    if len(path.parts) == 1 and not (path.exists() or path.with_suffix(".md").exists()):
        path = LESSONS / path.name
    if not (path.exists() or path.with_suffix(".md").exists()):
        raise SystemExit(f"no lesson {arg}: neither {path} nor {path.with_suffix('.md')} exists")
    return path


def cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """What the two sides of a pair must agree on: each cell's type, source and tags."""
    return [(c.cell_type, c.source, list(c.metadata.get("tags", []))) for c in nb.cells]


def read_lesson(path: Path) -> nbformat.NotebookNode:
    """The lesson to run: inputs from the .md (the text people edit), outputs and cell ids from the .ipynb.

    Refuses when the two hold different cells and the .ipynb was saved after the .md:
    then the newer edits may be in the .ipynb, and `make sync` (newer side wins) decides.
    """
    md = path.with_suffix(".md")
    stored = nbformat.read(path, as_version=4) if path.exists() else None
    if not md.exists():
        return stored
    text = jupytext.read(md)
    if stored is None:
        return text
    if cells(text) != cells(stored) and path.stat().st_mtime > md.stat().st_mtime:
        raise SystemExit(f"{path} was saved after {md.name} and they hold different cells: run "
                         f"`make sync NB={path}` if the .ipynb has the edits to keep, `touch {md}` if the .md has")
    return combine_inputs_with_outputs(text, stored, fmt="md:myst")


def _cell_seconds(cell: nbformat.NotebookNode) -> float | None:
    timing = cell.get("metadata", {}).pop("execution", None) or {}
    t0, t1 = timing.get("iopub.status.busy"), timing.get("iopub.status.idle")
    if not (t0 and t1):
        return None
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(t1) - parse(t0)).total_seconds()


def execute(path: Path, timeout: int) -> tuple[float, list[tuple[float, int, str]]]:
    """Execute the lesson ``path`` (an .ipynb) in place; returns (seconds, [(cell seconds, index, first line)])."""
    nb = read_lesson(path)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}, record_timing=True)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    slowest = []
    for i, cell in enumerate(nb.cells):
        dt = _cell_seconds(cell)  # also drops the timing metadata: it would change at every run
        if cell.cell_type == "code" and dt is not None:
            slowest.append((dt, i, cell.source.splitlines()[0] if cell.source else ""))
    nbformat.write(nb, path)
    md = path.with_suffix(".md")
    if md.exists():
        os.utime(md)  # content untouched; not older than the .ipynb, so jupytext sees the pair in sync
    return seconds, sorted(slowest, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="lessons (.ipynb, .md or name); default: all of notebooks/")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    paths = [lesson_path(arg) for arg in args.notebooks] or sorted(LESSONS.glob("[0-9]*.ipynb"))
    for path in dict.fromkeys(paths):  # a lesson named by both its files runs once
        seconds, slowest = execute(path, args.timeout)
        cells_text = ", ".join(f"cell {i} {dt:.1f}s" for dt, i, _ in slowest[:3])
        print(f"{path.name}: {seconds:.1f} s (slowest: {cells_text})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
