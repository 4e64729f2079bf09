"""How long a lesson takes a student: an estimate from what the lesson asks of them.

    python tools/lesson_time.py          # one line per lesson: the estimate and its parts
    python tools/lesson_time.py --write  # and write it into each lesson's header and the README (then make sync)

The headers of the lessons ("**Time:** about N minutes to work through") and the
README's course map give these numbers; ``tests/test_lesson_time.py`` keeps them
equal. The rates are a model, not a measurement of students: prose read at
READING_WORDS_PER_MINUTE, code at CODE_LINES_PER_MINUTE, and fixed minutes per
exercise, widget task and question (CONTRIBUTING.md, "How long a lesson takes").
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lesson_files import lesson_files  # noqa: E402  (tools/ is a folder of scripts)

READING_WORDS_PER_MINUTE = 120   # prose with maths in it, read to be understood
CODE_LINES_PER_MINUTE = 20       # lines of code read (not written), comments and blanks left out
MINUTES_PER = {"exercise": 10, "widget task": 5, "question": 2}  # writing, checking, retrying; predicting and trying
ROUND_TO = 5

_EXERCISE = re.compile(r"^### Exercise \d", re.M)
_WIDGET_TASK = re.compile(r"\*\*Predict, then try\.\*\*")
_QUESTION = re.compile(r"^\d+\. ", re.M)
_WORD = re.compile(r"[A-Za-z0-9']+")
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE_MATH = re.compile(r"\$[^$\n]+\$")
DISPLAY_MATH_WORDS = 15  # a displayed formula reads like a sentence or two; an inline one like a word


@dataclass(frozen=True)
class Estimate:
    """One lesson's parts and the minutes they add up to (rounded to ROUND_TO)."""

    words: int
    code_lines: int
    exercises: int
    widget_tasks: int
    questions: int

    @property
    def minutes(self) -> int:
        exact = (self.words / READING_WORDS_PER_MINUTE + self.code_lines / CODE_LINES_PER_MINUTE
                 + self.exercises * MINUTES_PER["exercise"] + self.widget_tasks * MINUTES_PER["widget task"]
                 + self.questions * MINUTES_PER["question"])
        return ROUND_TO * max(1, round(exact / ROUND_TO))


def estimate(path: Path | str) -> Estimate:
    """The estimate for lesson ``path`` (its .md or .ipynb)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must be a lesson file, got {path} (no such file)")
    cells = jupytext.read(path).cells
    prose = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    code = [line for cell in cells if cell.cell_type == "code" for line in cell.source.splitlines()
            if line.strip() and not line.strip().startswith("#")]
    questions = prose.split("## Check your understanding")[-1].split("## Big ideas")[0] \
        if "## Check your understanding" in prose else ""
    reading = _INLINE_MATH.sub(" x ", _DISPLAY_MATH.sub(" x" * DISPLAY_MATH_WORDS, prose))
    return Estimate(words=len(_WORD.findall(reading)), code_lines=len(code), exercises=len(_EXERCISE.findall(prose)),
                    widget_tasks=len(_WIDGET_TASK.findall(prose)), questions=len(_QUESTION.findall(questions)))


def lessons() -> list[Path]:
    return lesson_files(".md")


_HEADER = re.compile(r"^\*\*Time:\*\* about \d+ minutes to work through(, plus as long as you like on the challenge)?"
                     r"( \([^)]*\))? · (about \d+ seconds to run\.)$", re.M)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def header(e: Estimate, challenge: str, run: str) -> str:
    """The lesson's **Time:** line for estimate ``e``."""
    parts = [_plural(e.exercises, "exercise")] + ([_plural(e.widget_tasks, "widget task")] if e.widget_tasks else [])
    parts.append(_plural(e.questions, "question"))
    return (f"**Time:** about {e.minutes} minutes to work through{challenge} (estimated from what it asks: "
            f"the reading, {', '.join(parts)}) · {run}")


def write() -> None:
    """Each lesson's header and the README's course map, from the estimates."""
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    for path in lessons():
        e, text = estimate(path), path.read_text(encoding="utf-8")
        found = _HEADER.search(text)
        if not found:
            raise ValueError(f"{path.name}: no '**Time:** about N minutes to work through ... · about N seconds to run.' line")
        path.write_text(text[:found.start()] + header(e, found.group(1) or "", found.group(3)) + text[found.end():],
                        encoding="utf-8")
        row = re.search(rf"^\| {path.stem[:2]} \|.*\| (\d+) min", readme, re.M)
        if row:
            readme = readme[:row.start(1)] + str(e.minutes) + readme[row.end(1):]
    readme_path.write_text(readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        write()
    for path in lessons():
        e = estimate(path)
        print(f"{path.stem:20s} about {e.minutes:3d} minutes: {e.words:,} words, {e.code_lines} lines of code, "
              f"{e.exercises} exercises, {e.widget_tasks} widget tasks, {e.questions} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
