"""Start-up costs, each measured in a fresh Python process (nothing cached in memory)."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NO_TORCH = "import sys; assert 'torch' not in sys.modules, 'imported torch'"
# label -> (setup, timed statement, check after); quick mode runs the first only.
CASES = {
    "import course_utils": ("", "import course_utils", NO_TORCH),
    "import course_utils.scratch": ("", "import course_utils.scratch", NO_TORCH),
    "import torch": ("", "import torch", ""),
    "import course_utils.training (imports torch)": ("", "import course_utils.training", ""),
    "load_mnist(), torch already imported (torchvision import included)":
        ("from course_utils.mnist import load_mnist", "load_mnist()", ""),
}


def seconds_in_fresh_process(setup: str, statement: str, check: str = "", repeats: int = 3) -> float:
    """Median wall time of ``statement`` after ``setup`` in a new interpreter each time."""
    code = f"import time\n{setup}\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)\n{check}"
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
            for _ in range(repeats)]
    return statistics.median(float(run.stdout) for run in runs)


def measure(quick: bool) -> list[dict]:
    rows = []
    for label, (setup, statement, check) in list(CASES.items())[:1 if quick else None]:
        try:
            rows.append({"what": label, "seconds": seconds_in_fresh_process(setup, statement, check, 1 if quick else 3)})
        except subprocess.CalledProcessError as err:
            last = (err.stderr or "failed").strip().splitlines()[-1]
            rows.append({"what": label, "seconds": None, "note": last})
    return rows
