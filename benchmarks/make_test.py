"""How long `make test` takes, and where the time goes.

    .venv/bin/python -m benchmarks.make_test

Runs `make test` once, as a student would (warm environment), with pytest
writing a JUnit report. The three parts of the suite share one pytest
session on two workers, so a part's "work" row is the sum of its tests'
durations (each notebook's kernel start included): the parts add up to more
than the session's wall-clock time, which is what a student waits for.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = {"tests": "unit tests (tests/)", "notebooks": "strict nbval (notebooks/)",
         "student": "student edition (student/)"}


def _parse(report: Path) -> tuple[float, dict[str, dict]]:
    """(session seconds, {part: {"tests", "failed", "seconds", "files": {file: seconds}}}) from a JUnit file."""
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    parts: dict[str, dict] = defaultdict(lambda: {"tests": 0, "failed": 0, "seconds": 0.0, "files": defaultdict(float)})
    for case in suite.iter("testcase"):
        # classname is the file's path with dots: "notebooks.07_depth_vs_width.ipynb", "tests.test_models"
        classname = case.get("classname", "")
        part = parts[classname.split(".", 1)[0]]
        seconds = float(case.get("time", 0))
        part["tests"] += 1
        part["failed"] += case.find("failure") is not None or case.find("error") is not None
        part["seconds"] += seconds
        part["files"][classname.split(".", 1)[-1]] += seconds
    return float(suite.get("time", 0)), parts


def measure() -> list[dict]:
    """Rows: the student edition build, the session, each part's work in it, and `make test` in all."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "make-test.xml"
        start = time.perf_counter()
        run = subprocess.run(["make", "test", f"PYTEST_ARGS=--junitxml={report}"], cwd=ROOT,
                             capture_output=True, text=True)
        total = time.perf_counter() - start
        if not report.exists():
            return [{"phase": "make test", "seconds": total,
                     "note": f"failed before the tests ran (exit {run.returncode}): {run.stderr.strip()[-200:]}"}]
        session, parts = _parse(report)
    rows = [{"phase": "make student (and the set-up check)", "seconds": total - session, "note": ""},
            {"phase": "pytest session, wall clock (two workers)", "seconds": session, "note": ""}]
    for key, label in PARTS.items():
        part = parts.get(key)
        if not part:
            continue
        slowest = sorted(part["files"].items(), key=lambda kv: -kv[1])[:2]
        note = f"{part['tests']} tests" + (f", {part['failed']} FAILED" if part["failed"] else "")
        note += "; slowest: " + ", ".join(f"{name.removesuffix('.ipynb')} {s:.0f} s" for name, s in slowest)
        rows.append({"phase": f"work: {label}", "seconds": part["seconds"], "note": note})
    rows.append({"phase": "make test, wall clock", "seconds": total,
                 "note": "passed" if run.returncode == 0 else f"FAILED (exit {run.returncode})"})
    return rows


if __name__ == "__main__":
    from benchmarks.report import table  # noqa: E402

    print(table(measure(), ["phase", "seconds", "note"]))
    sys.exit(0)
