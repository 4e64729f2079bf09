"""Import times, each measured in a fresh Python process (nothing cached in memory)."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = {
    "import course_utils": "import course_utils",
    "import course_utils.scratch": "import course_utils.scratch",
    "import course_utils.training (torch)": "import course_utils.training",
}


def import_seconds(statement: str, repeats: int = 3) -> float:
    """Median wall time of ``statement`` in a fresh interpreter (interpreter start-up excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout) for _ in range(repeats)]
    return statistics.median(times)


def measure(quick: bool) -> list[dict]:
    statements = dict(list(IMPORTS.items())[:1]) if quick else IMPORTS
    rows = []
    for label, statement in statements.items():
        torch_loaded = f"{statement}; import sys; assert 'torch' not in sys.modules" if "torch" not in label else statement
        try:
            rows.append({"what": label, "seconds": import_seconds(torch_loaded, 1 if quick else 3)})
        except subprocess.CalledProcessError as err:
            rows.append({"what": label, "seconds": None, "note": (err.stderr or "").strip().splitlines()[-1:]})
    return rows
