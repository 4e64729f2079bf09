"""Run the student edition top to bottom and check that it behaves like a fresh start.

    python tools/check_student_edition.py [student]

Fails (exit 1) when a notebook raises, when solution text is left in it, or
when the number of exercise checks reporting "not done yet" differs from the
number of stubbed exercises (every unfinished exercise must say so).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

STUB = "raise NotImplementedError()"
NOT_DONE = "not done yet"


def cell_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def check(path: Path, timeout: int) -> list[str]:
    """Execute the student notebook at ``path``; returns a list of problems (empty when fine)."""
    nb = nbformat.read(path, as_version=4)
    if "SOLUTION" in nbformat.writes(nb):
        return [f"{path.name}: solution markers left in the student edition"]
    stubs = sum(cell.source.count(STUB) for cell in nb.cells if cell.cell_type == "code")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return [f"{path.name}: a cell raised:\n{str(exc)[-2000:]}"]
    reported = sum(cell_text(c).count(NOT_DONE) for c in nb.cells if c.cell_type == "code")
    if stubs < 2:
        return [f"{path.name}: only {stubs} exercises stubbed (at least 2 expected)"]
    if reported < stubs:
        return [f"{path.name}: {stubs} exercises stubbed but only {reported} checks said '{NOT_DONE}'"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=Path("student"))
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("[0-9]*.ipynb"))
    if not paths:
        print(f"no notebooks in {args.folder}: run tools/make_student_edition.py first", file=sys.stderr)
        return 1
    failures = []
    for path in paths:
        start = time.perf_counter()
        problems = check(path, args.timeout)
        failures += problems
        print(f"{path.name}: {'FAILED' if problems else 'ok'} ({time.perf_counter() - start:.1f} s)", flush=True)
    for problem in failures:
        print(problem, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
