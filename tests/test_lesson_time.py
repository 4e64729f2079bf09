"""The times the lessons and the README state are the estimate tools/lesson_time.py computes."""

import re
from pathlib import Path

import pytest

from tools import lesson_time

ROOT = Path(__file__).resolve().parent.parent
LESSONS = lesson_time.lessons()


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_the_header_states_the_estimate_and_what_it_counts(path):
    e = lesson_time.estimate(path)
    header = re.search(r"^\*\*Time:\*\* about (\d+) minutes to work through.*?\(estimated from what it asks: (.*?)\)",
                       path.read_text(encoding="utf-8"), re.M)
    assert header, f"{path.name}: no '**Time:** about N minutes to work through (estimated from ...)' line"
    assert int(header.group(1)) == e.minutes, f"{path.name}: run python tools/lesson_time.py --write, then make sync"
    counts = header.group(2)
    assert f"{e.exercises} exercise" in counts and f"{e.questions} question" in counts
    assert (f"{e.widget_tasks} widget task" in counts) == bool(e.widget_tasks)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_the_readme_course_map_gives_the_same_minutes_and_seconds_to_run(path):
    row = re.search(rf"^\| {path.stem[:2]} \|.*\| (\d+) min[^/]*/ (\d+) s \|$",
                    (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    assert row and int(row.group(1)) == lesson_time.estimate(path).minutes
    seconds = re.search(r"· about (\d+) seconds to run\.", path.read_text(encoding="utf-8")).group(1)
    assert row.group(2) == seconds, f"README says {row.group(2)} s to run {path.stem}, its header {seconds}"


def test_the_estimate_adds_the_parts_at_their_rates(tmp_path):
    lesson = tmp_path / "99_lesson.md"
    words = " ".join(["word"] * 1200)  # 10 minutes of reading
    lesson.write_text(f"# A lesson\n\n{words}\n\n### Exercise 1 · One\n\n**Predict, then try.** Go.\n\n"
                      "```python\nx = 1\n```\n\n## Check your understanding\n\n1. Why?\n2. How?\n\n## Big ideas\n\n- one\n",
                      encoding="utf-8")
    e = lesson_time.estimate(lesson)
    assert (e.exercises, e.widget_tasks, e.questions) == (1, 1, 2)
    assert e.minutes == 30  # 10 reading + 10 exercise + 5 widget + 4 questions = 29, to the nearest 5


def test_a_displayed_formula_counts_as_a_sentence_not_as_its_tex(tmp_path):
    lesson = tmp_path / "99_lesson.md"
    lesson.write_text("# T\n\n$$\n\\frac{\\partial L}{\\partial W} = X^\\top \\delta \\qquad \\sum_i \\delta_i\n$$\n",
                      encoding="utf-8")
    assert lesson_time.estimate(lesson).words == 1 + lesson_time.DISPLAY_MATH_WORDS


def test_a_missing_lesson_is_named():
    with pytest.raises(ValueError, match="path must be a lesson file"):
        lesson_time.estimate(ROOT / "notebooks" / "00_missing.md")
