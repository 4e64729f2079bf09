"""Re-execute notebooks top to bottom on a fresh kernel and store their outputs.

    python tools/execute_notebooks.py                 # every notebook in notebooks/
    python tools/execute_notebooks.py notebooks/03_activations.ipynb

This is the one command that produces the committed outputs that strict nbval
compares against. It prints each notebook's run time and its slowest cells.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, timeout: int) -> tuple[float, list[tuple[float, int, str]]]:
    """Execute ``path`` in place; returns (seconds, [(cell seconds, index, first line), ...])."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}, record_timing=True)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    cells = []
    for i, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code" and timing:
            t0, t1 = timing.get("iopub.status.busy"), timing.get("iopub.status.idle")
            if t0 and t1:
                dt = (datetime.fromisoformat(t1.replace("Z", "+00:00")) - datetime.fromisoformat(t0.replace("Z", "+00:00"))).total_seconds()
                cells.append((dt, i, cell.source.splitlines()[0] if cell.source else ""))
    nbformat.write(nb, path)
    return seconds, sorted(cells, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for path in paths:
        seconds, cells = execute(path, args.timeout)
        slowest = ", ".join(f"cell {i} {dt:.1f}s" for dt, i, _ in cells[:3])
        print(f"{path.name}: {seconds:.1f} s (slowest: {slowest})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
