"""The student's progress file: which checks passed, per notebook; never a failure because of the file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import progress

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def path(tmp_path, monkeypatch):
    target = tmp_path / "progress.json"
    monkeypatch.setenv(progress.ENV_VAR, str(target))
    return target


def test_the_file_is_the_environment_variable_else_one_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "p.json"))
    assert progress.default_path() == tmp_path / "p.json"
    monkeypatch.delenv(progress.ENV_VAR)
    monkeypatch.chdir(tmp_path)
    assert progress.default_path() == tmp_path / ".course-progress.json"


def test_the_file_beside_the_notebooks_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert progress.FILE_NAME in ignored


def test_updates_are_kept_per_notebook_and_exercise(path):
    store = progress.ProgressStore()
    store.update("04_loss", "mse", status="fail", failed=True, hint_shown=True, hints_available=2)
    store.update("04_loss", "mse", status="pass")
    store.update("03_activations", "leaky_relu", status="todo")
    data = json.loads(path.read_text())
    assert data == {"version": 1, "notebooks": {
        "04_loss": {"mse": {"status": "pass", "attempts": 1, "hints": 1}},
        "03_activations": {"leaky_relu": {"status": "todo", "attempts": 0, "hints": 0}}}}


def test_hints_shown_never_exceed_the_ladder(path):
    store = progress.ProgressStore()
    for _ in range(4):
        entry = store.update("04_loss", "mse", hint_shown=True, hints_available=2)
    assert entry.hints == 2


def test_two_stores_on_one_file_keep_each_others_records(path):
    first, second = progress.ProgressStore(), progress.ProgressStore()
    first.update("03_activations", "leaky_relu", status="pass")
    second.update("04_loss", "mse", status="pass")
    assert set(progress.ProgressStore().load()) == {"03_activations", "04_loss"}


def test_a_bad_status_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ValueError, match="status must be one of"):
        progress.ProgressStore(tmp_path / "progress.json").update("04_loss", "mse", status="passed")
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_file_is_set_aside_and_a_new_one_started(path, capsys):
    path.write_text("{ not json")
    entry = progress.ProgressStore().update("04_loss", "mse", status="pass")
    assert entry.status == "pass"
    assert (path.parent / "progress.json.unreadable").read_text() == "{ not json"
    assert json.loads(path.read_text())["notebooks"]["04_loss"]["mse"]["status"] == "pass"
    assert "could not be read" in capsys.readouterr().err


def test_odd_entries_in_the_file_are_read_as_defaults(path):
    path.write_text(json.dumps({"version": 1, "notebooks": {"04_loss": {"mse": {"status": "great", "attempts": -3},
                                                                      "ce": "text"}, "05": []}}))
    data = progress.ProgressStore().load()
    assert data["04_loss"]["mse"] == progress.Entry("todo", 0, 0) and data["04_loss"]["ce"] == progress.Entry()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_a_read_only_folder_keeps_the_progress_in_memory_and_says_so_once(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    monkeypatch.setenv(progress.ENV_VAR, str(folder / "progress.json"))
    try:
        store = progress.ProgressStore()
        store.update("04_loss", "mse", status="fail", failed=True)
        entry = progress.ProgressStore().update("04_loss", "mse", status="pass")
        assert (entry.status, entry.attempts) == ("pass", 1) and progress.ProgressStore().in_memory
        assert not (folder / "progress.json").exists()
        assert capsys.readouterr().err.count("kept in memory only") == 1
    finally:
        folder.chmod(0o755)
        progress._IN_MEMORY.clear()


def test_the_report_lists_a_notebooks_exercises_in_order(path):
    store = progress.ProgressStore()
    store.update("04_loss", "cross_entropy", status="fail", failed=True)
    store.update("04_loss", "cross_entropy", status="fail", failed=True)
    store.update("04_loss", "mse", status="pass")
    assert store.report("04_loss", ["mse", "cross_entropy", "softmax_grad"]) == (
        "04_loss: 1 of 3 exercises passed\n"
        "  ✅ mse\n"
        "  ❌ cross_entropy (2 failed attempts)\n"
        "  ⏳ softmax_grad (not checked yet)")
    assert store.report("06_mnist_training") == "06_mnist_training: no exercise checked yet"


def test_a_lessons_progress_call_prints_its_notebook(path, capsys):
    from course_utils.checks import lessons

    lesson = lessons.Lesson("99_test")
    lesson.exercise("double")
    lesson.progress()
    assert capsys.readouterr().out == "99_test: 0 of 1 exercises passed\n  ⏳ double (not checked yet)\n"


def test_the_command_shows_every_notebook(path):
    progress.ProgressStore().update("04_loss", "mse", status="pass")
    progress.ProgressStore().update("05_backprop", "finite differences", status="todo")
    out = subprocess.run([sys.executable, "-m", "course_utils.progress"], capture_output=True, text=True,
                         cwd=ROOT, env=os.environ, check=True).stdout
    assert out == (f"Progress in {path}:\n04_loss: 1 of 1 exercises passed\n  ✅ mse\n"
                   "05_backprop: 0 of 1 exercises passed\n  ⏳ finite differences\n")


def test_the_command_takes_the_students_folder(tmp_path, capsys):
    (tmp_path / progress.FILE_NAME).write_text(json.dumps(
        {"version": 1, "notebooks": {"01_neuron": {"weighted_sum": {"status": "pass"}}}}))
    assert progress.main([str(tmp_path)]) == 0
    assert "01_neuron: 1 of 1 exercises passed" in capsys.readouterr().out


def test_the_command_without_a_file_says_nothing_was_checked(tmp_path, capsys):
    assert progress.main([str(tmp_path)]) == 0
    assert "No exercise checked yet" in capsys.readouterr().out
    assert progress.main(["--all"]) == 2


def test_a_file_that_cannot_be_written_keeps_the_progress_in_memory(path, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(progress.tempfile, "mkstemp", refuse)  # as in a read-only folder (even for root)
    try:
        progress.ProgressStore().update("04_loss", "mse", status="fail", failed=True)
        entry = progress.ProgressStore().update("04_loss", "mse", status="pass")
        assert (entry.status, entry.attempts) == ("pass", 1) and not path.exists()
        assert progress.ProgressStore().report("04_loss") == "04_loss: 1 of 1 exercises passed\n  ✅ mse"
        assert capsys.readouterr().err.count("kept in memory only: cannot write") == 1
    finally:
        progress._IN_MEMORY.clear()


def test_a_folder_named_by_the_variable_holds_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path))
    assert progress.default_path() == tmp_path / progress.FILE_NAME


def test_a_path_that_is_not_a_file_is_never_moved_and_the_progress_kept_in_memory(tmp_path, capsys):
    folder = tmp_path / "progress.json"
    folder.mkdir()
    try:
        entry = progress.ProgressStore(folder).update("04_loss", "mse", status="pass")
        assert entry.status == "pass" and folder.is_dir() and not list(tmp_path.glob("*.unreadable"))
        assert "kept in memory only" in capsys.readouterr().err
    finally:
        progress._IN_MEMORY.clear()


def _record_many(path: str, notebook: str, count: int) -> None:
    store = progress.ProgressStore(path)
    for i in range(count):
        store.update(notebook, f"exercise {i}", status="pass")


def test_two_processes_writing_at_once_keep_every_record(tmp_path):
    import multiprocessing

    path = str(tmp_path / "progress.json")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_record_many, args=(path, notebook, 40)) for notebook in ("01_a", "02_b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    data = progress.ProgressStore(path).load()
    assert {nb: len(exercises) for nb, exercises in data.items()} == {"01_a": 40, "02_b": 40}


def test_report_of_listed_exercises_leaves_out_older_names(tmp_path):
    store = progress.ProgressStore(tmp_path / "progress.json")
    store.update("04_loss", "old name", status="fail", failed=True)
    store.update("04_loss", "mse", status="pass")
    text = store.report("04_loss", ["mse", "cross-entropy"], only_listed=True)
    assert "old name" not in text and "1 of 2 exercises passed" in text
    assert "old name" in store.report("04_loss", ["mse"])


def test_a_second_unreadable_file_never_overwrites_the_first_set_aside(path, capsys):
    for broken in ("{ first", "{ second"):
        path.write_text(broken)
        progress.ProgressStore().update("04_loss", "mse", status="pass")
    assert (path.parent / "progress.json.unreadable").read_text() == "{ first"
    assert (path.parent / "progress.json.unreadable-2").read_text() == "{ second"
    assert "renamed progress.json.unreadable-2" in capsys.readouterr().err


def test_fields_and_the_version_of_a_newer_course_are_kept_when_an_entry_is_updated(path):
    newer = {"version": 3, "streak": 4, "notebooks": {"04_loss": {
        "mse": {"status": "fail", "attempts": 2, "hints": 1, "seconds": 40.5},
        "cross_entropy": {"status": "pass", "attempts": 0, "hints": 0, "badge": "gold"}}}}
    path.write_text(json.dumps(newer))
    progress.ProgressStore().update("04_loss", "mse", status="pass")
    stored = json.loads(path.read_text())
    assert stored["version"] == 3 and stored["streak"] == 4
    assert stored["notebooks"]["04_loss"]["mse"] == {"status": "pass", "attempts": 2, "hints": 1, "seconds": 40.5}
    assert stored["notebooks"]["04_loss"]["cross_entropy"]["badge"] == "gold"


def test_after_a_failed_write_the_next_write_that_can_succeed_saves_everything(path, monkeypatch, capsys):
    real = progress.tempfile.mkstemp

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(progress.tempfile, "mkstemp", refuse)
    try:
        progress.ProgressStore().update("04_loss", "mse", status="pass")
        assert not path.exists() and progress.ProgressStore().in_memory
        monkeypatch.setattr(progress.tempfile, "mkstemp", real)  # the disk has room again
        progress.ProgressStore().update("04_loss", "cross_entropy", status="fail", failed=True)
        stored = json.loads(path.read_text())["notebooks"]["04_loss"]
        assert stored["mse"]["status"] == "pass" and stored["cross_entropy"]["attempts"] == 1
        assert not progress.ProgressStore().in_memory
        assert capsys.readouterr().err.count("kept in memory only") == 1
    finally:
        progress._IN_MEMORY.clear()


def test_records_kept_in_memory_are_shown_beside_another_kernels_records_in_the_file(path, monkeypatch):
    monkeypatch.setattr(progress.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "full")))
    try:
        progress.ProgressStore().update("04_loss", "mse", status="pass")
        path.write_text(json.dumps({"version": 1, "notebooks": {"05_backprop": {"engine": {"status": "pass"}}}}))
        data = progress.ProgressStore().load()  # another kernel wrote the file meanwhile
        assert data["04_loss"]["mse"].status == "pass" and data["05_backprop"]["engine"].status == "pass"
    finally:
        progress._IN_MEMORY.clear()


def test_a_progress_file_that_is_a_symbolic_link_stays_a_link(tmp_path):
    real = tmp_path / "synced" / "progress.json"
    real.parent.mkdir()
    real.write_text(json.dumps({"version": 1, "notebooks": {}}))
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    progress.ProgressStore(link).update("04_loss", "mse", status="pass")
    assert link.is_symlink() and json.loads(real.read_text())["notebooks"]["04_loss"]["mse"]["status"] == "pass"


def test_a_progress_file_nested_too_deep_is_set_aside_like_any_unreadable_one(path, capsys):
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert progress.ProgressStore().update("04_loss", "mse", status="pass").status == "pass"
    assert (path.parent / "progress.json.unreadable").exists() and "could not be read" in capsys.readouterr().err
