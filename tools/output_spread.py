"""Which printed outputs of the lessons change with the machine: run them several ways and compare.

    python tools/output_spread.py                              # every lesson, every arithmetic path
    python tools/output_spread.py 06_mnist_training 07_depth_vs_width
    python tools/output_spread.py student/03_activations.ipynb --paths native generic
    python tools/output_spread.py --tagged                     # the list of tagged cells CONTRIBUTING.md keeps

Each lesson is executed on a fresh kernel once per *arithmetic path* (``PATHS``): the
machine as it is, the second path (torch's generic kernels, MKL's compatible path, a
generic OpenBLAS kernel: the low digits another CPU gives), and two threads for torch and
BLAS. Its outputs are compared as strict nbval compares them (``notebooks/sanitize.cfg``
applied, pictures and widget views left out), with each other and with the outputs stored
in the notebook. Every cell whose text differs is listed with the lines that differ, one
row per path, so a lesson author sees which prints are run-dependent and how far they move.

Exit status 1 when a cell raised on some path, or when a cell that strict nbval compares
(not tagged ``nbval-ignore-output``) printed different text on two paths or differs from
its stored output; 0 otherwise. Nothing in ``notebooks/`` is rewritten: each run works in
a temporary copy, with its own progress file.
"""

from __future__ import annotations

import argparse
import configparser
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import lesson_path, read_lesson  # noqa: E402  (tools/ is a folder of scripts)

# name -> environment variables set for that run (on top of the caller's environment).
PATHS: dict[str, dict[str, str]] = {
    "native": {},
    "generic": {"ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE", "OPENBLAS_CORETYPE": "Prescott"},
    "threads": {"COURSE_THREADS": "2"},  # course_utils.seeding.set_seed: torch and BLAS threads
}
IGNORE_TAGS = {"nbval-ignore-output", "nbval-skip", "skip-execution"}
TEXT_TYPES = ("text/plain", "text/html", "text/latex", "text/markdown", "application/json")


def sanitizers(path: Path = ROOT / "notebooks" / "sanitize.cfg") -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs nbval applies to stored and fresh outputs alike."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def cell_text(cell: nbformat.NotebookNode, rules: list[tuple[re.Pattern, str]]) -> str:
    """A code cell's outputs as strict nbval compares them: streams merged per name, text of each result."""
    streams: dict[str, str] = {}
    parts: list[str] = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            streams[out.name] = streams.get(out.name, "") + out.text
        elif out.output_type in ("execute_result", "display_data"):
            parts += [f"[{kind}] {out.data[kind]}" for kind in TEXT_TYPES if kind in out.data]
        elif out.output_type == "error":
            parts.append(f"[error] {out.ename}: {out.evalue}")
    for name, text in streams.items():
        parts.insert(0, f"[{name}] " + re.sub(r"[^\n]*\r(?!\n)", "", text))  # a progress bar's last state
    text = "\n".join(parts)
    for regex, replacement in rules:
        text = regex.sub(replacement, text)
    return text


def code_cells(nb: nbformat.NotebookNode) -> list[dict]:
    """Each code cell of ``nb``: its source, its tags and its text as strict nbval compares it."""
    rules = sanitizers()
    return [{"source": c.source, "tags": list(c.metadata.get("tags", [])), "text": cell_text(c, rules)}
            for c in nb.cells if c.cell_type == "code"]


def execute_copy(lesson: Path, timeout: int) -> list[dict]:
    """Run ``lesson`` (an .ipynb) in a temporary copy of its folder; one dict per cell: source, tags, text."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / lesson.parent.name
        shutil.copytree(lesson.parent, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".course-progress*"))
        os.environ["COURSE_PROGRESS_FILE"] = str(Path(tmp) / "progress.json")  # the kernel inherits it
        nb = read_lesson(copy / lesson.name)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(copy)}})
        try:
            client.execute()
        except CellExecutionError:  # allow_errors keeps going; an error shows as the cell's [error] line
            pass
    return code_cells(nb)


def run_path(lesson: Path, name: str, timeout: int) -> list[dict]:
    """Execute ``lesson`` under the arithmetic path ``name`` in a process of its own (the kernel inherits its environment)."""
    env = os.environ | PATHS[name]
    done = subprocess.run([sys.executable, __file__, "--execute-one", str(lesson), "--timeout", str(timeout)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{lesson.name} under {name} could not run:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def differing_lines(texts: dict[str, str]) -> list[str]:
    """The lines on which the runs disagree, one row per run: '  line k, native: ...'."""
    first = next(iter(texts.values())).splitlines()
    changed: set[int] = set()
    for text in texts.values():
        matcher = difflib.SequenceMatcher(a=first, b=text.splitlines(), autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":
                changed.update(range(i1, max(i2, i1 + 1)))
    rows = []
    for k in sorted(changed):
        for name, text in texts.items():
            lines = text.splitlines()
            rows.append(f"    line {k + 1:3d} {name:>8}: {lines[k] if k < len(lines) else '(no line)'}"[:220])
    return rows


def compare(lesson: Path, runs: dict[str, list[dict]]) -> tuple[list[str], int, int]:
    """Report lines for one lesson; (lines, cells strict nbval would fail on, cells that raised)."""
    stored = code_cells(nbformat.read(lesson, as_version=4))
    report, failing, raised = [], 0, 0
    cells = {"stored": stored} | runs
    for i, cell in enumerate(next(iter(runs.values()))):
        texts = {name: run[i]["text"] for name, run in cells.items() if i < len(run)}
        errors = [name for name, run in runs.items() if "[error]" in run[i]["text"]]
        ignored = bool(IGNORE_TAGS & set(cell["tags"]))
        fresh = {name: texts[name] for name in runs}
        if len(set(texts.values())) == 1 and not errors:
            continue
        if errors:
            raised += 1
        if not ignored and len(set(texts.values())) > 1:
            failing += 1
        kind = "RAISED" if errors else ("ignored by nbval" if ignored else "COMPARED by strict nbval")
        first_line = cell["source"].splitlines()[0] if cell["source"] else ""
        report.append(f"  code cell {i + 1} [{kind}]: {first_line[:90]}")
        report += differing_lines(texts if not ignored else fresh)
    return report, failing, raised


def tagged_cells(lessons: list[Path] | None = None) -> str:
    """Markdown: per lesson, its code cells tagged ``nbval-ignore-output`` (number and first line)."""
    lessons = lessons or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    rows, total = [], 0
    for lesson in lessons:
        code = [c for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "code"]
        tagged = [(i + 1, c.source.splitlines()[0]) for i, c in enumerate(code)
                  if "nbval-ignore-output" in c.metadata.get("tags", [])]
        total += len(tagged)
        cells = "; ".join(f"{i}: `{line.strip()[:60].replace('|', '¦')}`" for i, line in tagged) or "none"
        rows.append(f"| {lesson.stem} | {len(tagged)} of {len(code)} | {cells} |")
    return "\n".join([f"{total} tagged code cells in all.", "", "| lesson | tagged | code cell: first line |",
                      "| --- | --- | --- |", *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="lessons (.ipynb, .md or name); default: all of notebooks/")
    parser.add_argument("--paths", nargs="+", choices=list(PATHS), default=list(PATHS), help="arithmetic paths to run")
    parser.add_argument("--jobs", type=int, default=1, help="runs at once (default 1)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--tagged", action="store_true", help="print the list of cells tagged nbval-ignore-output")
    parser.add_argument("--execute-one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute_one:  # the child process of run_path
        json.dump(execute_copy(Path(args.execute_one), args.timeout), sys.stdout)
        return 0
    lessons = list(dict.fromkeys(lesson_path(a) for a in args.notebooks)) or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if args.tagged:
        print(tagged_cells(lessons))
        return 0
    jobs = [(lesson, name) for lesson in lessons for name in args.paths]
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = dict(zip(jobs, pool.map(lambda job: run_path(*job, args.timeout), jobs)))
    total_failing = total_raised = 0
    print("paths: " + "; ".join(f"{n} = {' '.join(f'{k}={v}' for k, v in PATHS[n].items()) or 'the machine as it is'}"
                                for n in args.paths))
    for lesson in lessons:
        report, failing, raised = compare(lesson, {name: results[lesson, name] for name in args.paths})
        total_failing += failing
        total_raised += raised
        print(f"{lesson.relative_to(ROOT) if lesson.is_relative_to(ROOT) else lesson}: "
              f"{failing} compared cell(s) differ, {raised} raised")
        print("\n".join(report))
    return 1 if total_failing or total_raised else 0


if __name__ == "__main__":
    sys.exit(main())
