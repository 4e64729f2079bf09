"""Write the student edition: every solution replaced by a stub, outputs cleared.

    python tools/make_student_edition.py [--out student]    # rewrite it
    python tools/make_student_edition.py --check            # exit 1 if student/ is out of date

The student edition in ``student/`` is committed (the Colab links open it), so
run this after changing a lesson; ``tests/test_student_edition.py`` fails while it is stale.

The same step writes the course's solutions, as the checks show them, to
``course_utils/solutions.json``: for each lesson, each solution region's
enclosing function (``mse``, ``Value.__add__``: the chain of classes down to the
first function) mapped to that function's code with the markers removed. The
lesson is their one home; the checks read the map (``checks.solution``).

In each code cell, the lines between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (markers included) become ``# YOUR CODE HERE`` and
``raise NotImplementedError()`` at the markers' indentation. Exits non-zero if
any solution text would be left in the output.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN = re.compile(r"^(?P<indent>\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
SOLUTIONS = ROOT / "course_utils" / "solutions.json"


def clear_solutions(source: str) -> str:
    """Replace each solution block in ``source`` by the stub; raise ValueError on unbalanced markers."""
    out, inside = [], False
    for line in source.splitlines():
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise ValueError("nested '### BEGIN SOLUTION'")
            inside, indent = True, begin.group("indent")
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError()"]
        elif END.match(line):
            if not inside:
                raise ValueError("'### END SOLUTION' without a BEGIN")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("'### BEGIN SOLUTION' without an END")
    return "\n".join(out)


def student_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """A copy of ``nb`` with solutions stubbed and outputs cleared; returns (notebook, number of solutions)."""
    nb = nbformat.from_dict(nb)
    # The saved state of the full edition's widgets: with the outputs gone it shows nothing, and
    # its ids change at every execution of the lesson.
    nb.metadata.pop("widgets", None)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += sum(1 for line in cell.source.splitlines() if BEGIN.match(line))
            cell.source = clear_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
        cell.get("metadata", {}).pop("execution", None)
    return nb, count


def _is_marker(line: str) -> bool:
    return bool(BEGIN.match(line) or END.match(line))


def cell_solutions(source: str) -> dict[str, str]:
    """{key: code} for each function of a code cell that holds a solution region (see the module's docstring)."""
    lines = source.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if BEGIN.match(line)]  # 1-based, as ast counts
    found, placed = {}, set()

    def visit(node: ast.AST, path: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, (*path, child.name))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                inside = {start for start in starts if first < start <= child.end_lineno}
                if inside:
                    placed.update(inside)
                    found[".".join((*path, child.name))] = textwrap.dedent("\n".join(
                        line for line in lines[first - 1:child.end_lineno] if not _is_marker(line)))

    if starts:
        visit(ast.parse(source), ())
    if set(starts) - placed:
        raise ValueError(f"a solution region outside any function (line {min(set(starts) - placed)}): "
                         "the checks could not show it")
    return found


def solution_map(paths: list[Path]) -> dict[str, dict[str, str]]:
    """{lesson: {function: code}} over the lessons at ``paths`` (see :func:`cell_solutions`)."""
    out = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        solutions = {}
        for cell in nb.cells:
            if cell.cell_type == "code":
                for key, code in cell_solutions(cell.source).items():
                    if key in solutions:
                        raise ValueError(f"{path.name}: two solutions for {key}")
                    solutions[key] = code
        out[path.stem] = solutions
    return out


def solutions_text(paths: list[Path]) -> str:
    return json.dumps(solution_map(paths), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    parser.add_argument("--solutions", type=Path, default=SOLUTIONS, help="where the solution map goes")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out is out of date")
    args = parser.parse_args(argv)
    stale = []
    lessons = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    solutions = solutions_text(lessons)
    if args.check:
        if not args.solutions.is_file() or args.solutions.read_text(encoding="utf-8") != solutions:
            stale.append(args.solutions)
    else:
        args.solutions.write_text(solutions, encoding="utf-8")
    for path in lessons:
        text, count = student_text(path)
        if "SOLUTION" in text:
            print(f"{path.name}: solution text left in the student edition", file=sys.stderr)
            return 1
        target = args.out / path.name
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"{path.name}: {count} exercises stubbed")
    for target in stale:
        print(f"out of date: {target} (run make student)", file=sys.stderr)
    return 1 if stale else 0


def student_text(path: Path) -> tuple[str, int]:
    """The student edition of the lesson at ``path`` as the file's text, and its number of exercises."""
    nb, count = student_notebook(nbformat.read(path, as_version=4))
    return nbformat.writes(nb), count


if __name__ == "__main__":
    sys.exit(main())
