"""tools/student_copy.py: the student's own copy of the student edition, never overwritten once changed."""

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("student_copy", ROOT / "tools" / "student_copy.py")
student_copy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_copy)

EXERCISE = "def f(x):\n    ### BEGIN SOLUTION\n    return {}\n    ### END SOLUTION"


def lesson(answer: int = 2) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(EXERCISE.format(answer), id="exercise")
    cell.outputs = [nbformat.v4.new_output("stream", text="stored output")]
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A lesson", id="title"), cell]
    return nb


@pytest.fixture
def course(tmp_path):
    source, dest = tmp_path / "notebooks", tmp_path / "my-work"
    source.mkdir()
    for name in ("01_one.ipynb", "02_two.ipynb"):
        nbformat.write(lesson(), source / name)
    return source, dest


def answer(notebook: Path, code: str) -> None:
    """The student fills in the exercise of ``notebook`` with ``code`` and saves it."""
    notebook.write_text(notebook.read_text().replace("# YOUR CODE HERE", code))


def publish(course, title: str) -> None:
    """The course publishes a newer 01_one.ipynb, its title ending in ``title``."""
    nb = lesson()
    nb.cells[0].source = f"# 01 · A lesson, {title}"
    nbformat.write(nb, course[0] / "01_one.ipynb")


def run(course, capsys):
    assert student_copy.main(["--source", str(course[0]), "--dest", str(course[1])]) == 0
    return capsys.readouterr().out


def test_the_first_run_writes_the_student_edition_and_a_manifest(course, capsys):
    out = run(course, capsys)
    dest = course[1]
    assert "01_one.ipynb: created" in out and "02_two.ipynb: created" in out
    nb = nbformat.read(dest / "01_one.ipynb", as_version=4)
    assert "raise NotImplementedError()" in nb.cells[1].source and nb.cells[1].outputs == []
    manifest = json.loads((dest / student_copy.MANIFEST).read_text())
    assert manifest["notebooks"]["01_one.ipynb"]["written"] == student_copy.digest((dest / "01_one.ipynb").read_bytes())


def test_running_again_changes_nothing(course, capsys):
    run(course, capsys)
    before = {p.name: p.read_bytes() for p in course[1].iterdir()}
    out = run(course, capsys)
    assert out.strip().endswith("(up to date)") and out.count("\n") == 1
    assert {p.name: p.read_bytes() for p in course[1].iterdir()} == before


def test_a_notebook_the_student_changed_is_kept_when_the_course_has_nothing_newer(course, capsys):
    run(course, capsys)
    mine = course[1] / "01_one.ipynb"
    answer(mine, "return 2")
    out = run(course, capsys)
    assert "return 2" in mine.read_text() and not student_copy.offered_path(mine).exists()
    assert "(up to date)" in out


def test_a_newer_course_updates_an_unchanged_notebook(course, capsys):
    run(course, capsys)
    publish(course, "improved")
    out = run(course, capsys)
    assert "01_one.ipynb: updated to the course's newer version" in out and "02_two" not in out
    assert "improved" in (course[1] / "01_one.ipynb").read_text()


def test_a_newer_course_is_offered_beside_a_changed_notebook_never_forced(course, capsys):
    run(course, capsys)
    mine = course[1] / "01_one.ipynb"
    answer(mine, "return 2")
    publish(course, "improved")
    out = run(course, capsys)
    offer = course[1] / "01_one.new.ipynb"
    assert "you changed it, so it was kept" in out and "01_one.new.ipynb" in out
    assert "return 2" in mine.read_text() and "improved" in offer.read_text()
    out = run(course, capsys)
    assert "waits in 01_one.new.ipynb" in out and "return 2" in mine.read_text()


def test_taking_the_offered_version_makes_the_notebook_follow_the_course_again(course, capsys):
    run(course, capsys)
    mine = course[1] / "01_one.ipynb"
    answer(mine, "return 2")
    publish(course, "improved")
    run(course, capsys)
    student_copy.offered_path(mine).replace(mine)
    publish(course, "improved twice")
    assert "updated to the course's newer version" in run(course, capsys)
    assert "improved twice" in mine.read_text()


def test_a_deleted_notebook_is_written_again(course, capsys):
    run(course, capsys)
    (course[1] / "02_two.ipynb").unlink()
    assert "02_two.ipynb: written again" in run(course, capsys)


def test_an_empty_course_folder_is_an_error(tmp_path, capsys):
    assert student_copy.main(["--source", str(tmp_path), "--dest", str(tmp_path / "w")]) == 1
    assert "no lesson notebooks" in capsys.readouterr().err


def test_the_copy_folder_is_git_ignored():
    assert "my-work/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_real_course_makes_a_copy_without_solutions(tmp_path, capsys):
    assert student_copy.main(["--dest", str(tmp_path / "my-work")]) == 0
    written = sorted(p.name for p in (tmp_path / "my-work").glob("*.ipynb"))
    assert written == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert all("SOLUTION" not in (tmp_path / "my-work" / name).read_text() for name in written)


def test_work_done_in_the_offered_file_is_kept_when_the_course_changes_again(course, capsys):
    run(course, capsys)
    mine = course[1] / "01_one.ipynb"
    answer(mine, "return 2")
    publish(course, "improved")
    run(course, capsys)
    offer = student_copy.offered_path(mine)
    answer(offer, "return 3")  # the student works in the .new file
    publish(course, "improved twice")
    out = run(course, capsys)
    second = course[1] / "01_one.new-2.ipynb"
    assert "return 3" in offer.read_text() and "return 2" in mine.read_text()
    assert "improved twice" in second.read_text() and "01_one.new-2.ipynb" in out
    publish(course, "improved three times")  # the untouched second offer follows the course
    out = run(course, capsys)
    assert "improved three times" in second.read_text() and not (course[1] / "01_one.new-3.ipynb").exists()
    assert "return 3" in offer.read_text()


def test_an_untouched_offered_file_is_rewritten_in_place(course, capsys):
    run(course, capsys)
    mine = course[1] / "01_one.ipynb"
    answer(mine, "return 2")
    for title in ("improved", "improved twice"):
        publish(course, title)
        run(course, capsys)
    assert "improved twice" in student_copy.offered_path(mine).read_text()
    assert sorted(p.name for p in course[1].glob("01_one*")) == ["01_one.ipynb", "01_one.new.ipynb"]


def test_a_course_notebook_that_is_not_a_notebook_is_named_without_a_traceback(course, capsys):
    (course[0] / "02_two.ipynb").write_text("{ not json")
    assert student_copy.main(["--source", str(course[0]), "--dest", str(course[1])]) == 1
    err = capsys.readouterr().err
    assert "02_two.ipynb: the course's notebook cannot be read" in err and "Traceback" not in err


def test_a_copy_folder_that_cannot_be_written_is_said_in_one_line(course, capsys):
    course[1].write_text("a file where the folder should be")
    assert student_copy.main(["--source", str(course[0]), "--dest", str(course[1])]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The copy of the course could not be brought up to date:") and "Traceback" not in err
