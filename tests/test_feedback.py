"""The shared exercise feedback: pass, hint, "not done yet", one printed line."""

import sys
import time

import numpy as np
import pytest

from course_utils.checks import compare, lessons, report, sandbox, solutions, student_result
from course_utils.checks import exercise
from course_utils.checks.exercise import run_check


def _check(student):
    def body():
        got = sandbox.call_student(student, np.array([1.0, 2.0]))
        return compare.compare("double", got, np.array([2.0, 4.0]), [
            (lambda g: np.allclose(g, [-2.0, -4.0]), "wrong sign: did you subtract instead of add?"),
        ])
    return run_check("double", body)


def test_correct_answer_passes_and_prints_one_line(capsys):
    result = _check(lambda x: 2 * x)
    assert result.passed
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "✅ double" in out


def test_known_mistake_gets_its_hint(capsys):
    result = _check(lambda x: -2 * x)
    assert result.status == "fail" and "wrong sign" in result.message
    assert "❌" in capsys.readouterr().out


def test_unknown_mistake_shows_expected_and_got():
    result = _check(lambda x: 3 * x)
    assert not result.passed and "expected [2. 4.]" in result.message and "got [3. 6.]" in result.message


def test_wrong_shape_is_reported_with_both_shapes():
    result = _check(lambda x: np.array([[2.0, 4.0]]))
    assert "shape (1, 2)" in result.message and "(2,)" in result.message


def test_stub_reports_not_done_yet(capsys):
    def stub(x):
        raise NotImplementedError()
    result = _check(stub)
    assert result.status == "todo"
    assert "not done yet" in capsys.readouterr().out


def test_a_bug_in_the_student_code_is_a_hint_naming_it_and_its_line():
    result = _check(lambda x: 1 / 0)
    assert result.status == "fail" and "raised ZeroDivisionError" in result.message
    assert "line" in result.message and "your code" in result.message


def test_passing_the_result_instead_of_the_function_is_a_hint():
    result = _check(np.array([2.0, 4.0]))
    assert result.status == "fail" and "pass the function itself" in result.message


def test_non_numeric_answer_is_a_hint():
    result = _check(lambda x: "four")
    assert result.status == "fail" and "number or a NumPy array" in result.message


def test_as_array_outside_a_check_is_still_a_type_error():
    with pytest.raises(TypeError, match="number or a NumPy array"):
        student_result.as_array("four", "your answer")


def test_a_forgotten_return_is_a_hint():
    def no_return(x):
        2 * x
    result = _check(no_return)
    assert result.status == "fail" and "forget the `return`" in result.message


def test_changing_the_input_in_place_is_a_hint_naming_the_argument():
    def doubles_in_place(values):
        values *= 2
        return values
    result = _check(doubles_in_place)
    assert result.status == "fail" and "changed its argument `values` in place" in result.message


def test_a_loop_that_never_ends_is_stopped_with_a_hint(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)

    def forever(x):
        while True:
            pass
    result = _check(forever)
    assert result.status == "fail" and "more than 0.2 s" in result.message


class _StudentsOwnStop(BaseException):
    pass


def _exits(x):
    import sys
    sys.exit(0)


def _generator_exit(x):
    raise GeneratorExit


def _own_base_exception(x):
    raise _StudentsOwnStop("done")


@pytest.mark.parametrize("student, said", [(_exits, "called sys.exit()"), (_generator_exit, "raised GeneratorExit"),
                                           (_own_base_exception, "raised _StudentsOwnStop")])
def test_sys_exit_and_other_base_exceptions_become_a_hint_not_an_escape(student, said):
    result = _check(student)
    assert result.status == "fail" and said in result.message and "return" in result.message


def test_the_stop_button_still_stops_the_check():
    def interrupted(x):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        _check(interrupted)


def test_jupyter_shows_the_line_once_not_again_as_the_cell_value(capsys):
    from IPython.core.formatters import DisplayFormatter

    result = _check(lambda x: 2 * x)
    capsys.readouterr()
    data, metadata = DisplayFormatter().format(result)
    assert data == {} and capsys.readouterr().out == ""


def test_close_needs_the_same_shape_and_the_same_values():
    assert compare.close(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]))
    assert not compare.close(np.array([[1.0, 2.0]]), np.array([1.0, 2.0]))  # would broadcast in np.allclose
    assert not compare.close(np.array([1.0, 2.0]), np.array([1.0, 2.1]))


def test_the_time_limit_is_not_swallowed_by_the_students_except(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)

    def retries_forever(x):
        while True:
            try:
                sum(range(1000))
            except Exception:
                pass
    result = _check(retries_forever)
    assert result.status == "fail" and "was stopped" in result.message


def _bare_except_forever(x):
    while True:
        try:
            sum(range(1000))
        except:  # noqa: E722  (swallows the stop too, BaseException and all)
            pass


def _base_exception_forever(x):
    total = 0
    while True:
        try:
            for i in range(1000):
                total += i
        except BaseException:
            continue


def _nested_excepts_forever(x):
    while True:
        try:
            try:
                x += 1
            except:  # noqa: E722
                pass
        except:  # noqa: E722
            pass


@pytest.mark.skipif(not sandbox._alarm_usable() or sandbox._covered(_bare_except_forever.__code__) is None,
                    reason="needs SIGALRM (POSIX, the main thread) and the exception table of Python >= 3.11")
@pytest.mark.parametrize("student", [_bare_except_forever, _base_exception_forever, _nested_excepts_forever])
def test_a_loop_whose_except_swallows_everything_is_stopped_all_the_same(student, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    started = time.monotonic()
    result = _check(student)
    assert result.status == "fail" and "more than 0.2 s and was stopped" in result.message
    assert time.monotonic() - started < 3, "stopped at the first instruction no try covers, not by luck"
    assert sys.gettrace() is None  # the trip wire is gone once the check is over


def test_a_whole_check_has_a_bound_and_says_so(monkeypatch):
    monkeypatch.setattr(sandbox, "CHECK_TIME_LIMIT", 0.3)

    def slow_check():
        time.sleep(5)  # the check's own work (retraining a pasted state, say), not one call of the student's
        return report.passed("slow")
    started = time.monotonic()
    result = run_check("slow", slow_check)
    assert result.status == "fail" and "the check stopped after 0.3 s, the most one check may run" in result.message
    assert time.monotonic() - started < 3


# --- the time limit where SIGALRM cannot help (Windows, a thread other than the main one) ---

def _forever(x):
    while True: pass  # noqa: E701  (one line that never starts another: stopped all the same)


def test_without_sigalrm_a_loop_that_never_ends_is_stopped_by_tracing(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    monkeypatch.setattr(sandbox, "_alarm_usable", lambda: False)  # as on Windows
    result = _check(_forever)
    assert result.status == "fail" and "more than 0.2 s and was stopped at line" in result.message
    assert "while True" in result.message


def test_outside_the_main_thread_a_loop_that_never_ends_is_stopped(monkeypatch):
    import threading

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    results = []
    worker = threading.Thread(target=lambda: results.append(_check(_forever)))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive() and results[0].status == "fail" and "was stopped" in results[0].message


def test_tracing_is_switched_off_again_and_a_previous_tracer_put_back(monkeypatch):
    import sys

    monkeypatch.setattr(sandbox, "_alarm_usable", lambda: False)
    def tracer(frame, event, arg):
        return None
    sys.settrace(tracer)
    try:
        assert _check(lambda x: 2 * x).passed
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)


def test_a_timer_already_running_is_given_back_what_it_had_left():
    import signal

    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        assert _check(lambda x: 2 * x).passed
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90.0 < left <= 100.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# --- everything else the student's function can do wrong: one line, a specific hint ---

def test_a_keyword_argument_changed_in_place_is_named():
    def body():
        got = sandbox.call_student(lambda x, scale: scale.__imul__(2) * x, np.array([1.0, 2.0]), scale=np.array([1.0]))
        return compare.compare("scaled", got, np.array([2.0, 4.0]), [])
    result = run_check("scaled", body)
    assert result.status == "fail" and "changed its argument `scale` in place" in result.message


def test_a_stub_called_by_the_students_function_names_the_unfinished_one():
    def helper(x):
        raise NotImplementedError()

    def uses_helper(x):
        return helper(x)
    result = _check(uses_helper)
    assert result.status == "todo" and "not done yet" in result.message and "`helper`" in result.message


def test_not_implemented_raised_by_a_library_is_a_failure_not_a_stub():
    import numbers

    result = _check(lambda x: numbers.Complex.real.fget(x))  # the standard library raises NotImplementedError
    assert result.status == "fail" and "raised NotImplementedError" in result.message


def test_a_function_that_calls_itself_forever_is_a_hint():
    def again(x):
        return again(x)
    result = _check(again)
    assert result.status == "fail" and "RecursionError" in result.message and "stops the calls" in result.message


def test_complex_numbers_are_refused_not_silently_made_real():
    result = _check(lambda x: np.sqrt(-x + 0j))
    assert result.status == "fail" and "complex numbers" in result.message


def test_a_ragged_list_is_named_as_such():
    result = _check(lambda x: [x, x[:1]])
    assert result.status == "fail" and "differ in shape" in result.message


def test_a_float32_result_right_to_a_few_digits_is_named():
    result = _check(lambda x: (2 * x + 1e-5).astype(np.float32))
    assert result.status == "fail" and "float32" in result.message and "float64" in result.message


def test_whole_numbers_where_fractions_were_expected_are_named():
    def body():
        got = sandbox.call_student(lambda x: (x / 4).astype(int), np.array([6.0, 10.0]))
        return compare.compare("quarter", got, np.array([1.5, 2.5]), [])
    result = run_check("quarter", body)
    assert result.status == "fail" and "whole numbers (int64)" in result.message


@pytest.mark.parametrize("student, expected, fragment", [
    (lambda x: np.outer(x, [1.0, 1.0, 1.0]).T, np.ones((2, 3)), "transposed"),
    (lambda x: x, np.float64(1.0), "one value per row"),
    (lambda x: x.sum(), np.ones(2), "one number where an array was expected"),
    (lambda x: np.outer(x, x).ravel(), np.ones((2, 2)), "another shape"),
])
def test_a_wrong_shape_says_what_kind_of_wrong(student, expected, fragment):
    def body():
        return compare.compare("shaped", sandbox.call_student(student, np.array([1.0, 2.0])), expected, [])
    result = run_check("shaped", body)
    assert result.status == "fail" and fragment in result.message


def test_one_loss_per_row_for_one_number_is_a_hint():
    with pytest.raises(sandbox.StudentMistake, match="one value per row"):
        student_result.as_number(np.array([0.1, 0.2, 0.3]), "your loss")


def test_a_hint_whose_test_cannot_run_is_skipped_not_raised():
    def body():
        got = sandbox.call_student(lambda x: 3 * x, np.array([1.0, 2.0]))
        return compare.compare("triple", got, np.array([2.0, 4.0]), [
            (lambda g: g["key"], "never shown"),  # IndexError on an array
            (lambda g: np.allclose(g, [3.0, 6.0]), "three times instead of two"),
        ])
    result = run_check("triple", body)
    assert result.message == "three times instead of two"


def test_a_check_that_trips_over_an_odd_result_fails_in_one_line(capsys):
    def body():
        got = sandbox.call_student(lambda x: {"a": 1}, np.array([1.0]))
        return report.passed("odd") if np.linalg.inv(got).any() else report.failed("odd", "no")  # raises inside NumPy
    result = run_check("odd", body)
    out = capsys.readouterr().out
    assert result.status == "fail" and result.message.startswith(report.CHECK_TRIPPED + " (LinAlgError")
    assert out.count("\n") == 1 and "Traceback" not in out


def test_a_list_where_an_array_is_required_is_a_hint():
    def body():
        got = sandbox.call_student(lambda x: [2.0, 4.0], np.array([1.0, 2.0]))
        return compare.compare("array", got, np.array([2.0, 4.0]), [], require_array=True)
    result = run_check("array", body)
    assert result.status == "fail" and "should be a NumPy array, got list" in result.message and "np.array" in result.message
    assert compare.compare("array", np.array([2.0, 4.0]), np.array([2.0, 4.0]), [], require_array=True).passed


# --- the ladder of hints, the solution, the reference when the answer is missing ---

@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    monkeypatch.setattr(exercise, "_LAST", {})  # no outcome of another test's check
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


def _reference_double(x):
    """The course's version."""
    return 2 * x


SOLVED = {"99_test": {"double": "def double(x):\n    return 2 * x"}}  # as the lessons' solution map holds them


@pytest.fixture
def ladder(progress_file, monkeypatch):
    """A lesson with one registered exercise, 'double' (Exercise 1, the student's function `double`), and its solution."""
    monkeypatch.setattr(solutions, "_solutions", lambda: SOLVED)
    lesson = lessons.Lesson("99_test")
    exercise = lesson.exercise("double", number=1, function="double", reference=_reference_double,
                               hints=["The result has the input's shape.", "Multiply by a number.", "Multiply by 2."])

    def check(student):
        def body():
            got = sandbox.call_student(student, np.array([1.0, 2.0]))
            return compare.compare("double", got, np.array([2.0, 4.0]), [])
        return run_check(exercise, body)
    return lesson, check


def test_each_failed_attempt_shows_the_next_hint_and_the_third_the_solution(ladder, capsys):
    lesson, check = ladder
    check(lambda x: x)
    first = capsys.readouterr().out
    assert "hint 1 of 3: The result has the input's shape." in first and "after 2 more tries" in first
    check(lambda x: x)
    assert "hint 2 of 3: Multiply by a number." in capsys.readouterr().out
    check(lambda x: x)
    third = capsys.readouterr().out
    assert "hint 3 of 3" in third and "After 3 tries, the course's solution for double" in third
    assert "return 2 * x" in third
    check(lambda x: x)
    assert "checks.solution('double') shows" in capsys.readouterr().out


def test_a_stub_and_a_pass_show_no_hint_and_count_no_attempt(ladder, capsys):
    lesson, check = ladder

    def stub(x):
        raise NotImplementedError()
    check(stub)
    check(lambda x: 2 * x)
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "hint" not in out
    from course_utils.progress import ProgressStore
    entry = ProgressStore().entry("99_test", "double")
    assert (entry.status, entry.attempts, entry.hints) == ("pass", 0, 0)


@pytest.mark.parametrize("which", ["double", "Exercise 1", "exercise 1 · Double it", 1])
def test_asking_for_a_hint_climbs_the_ladder_by_name_or_number(ladder, which, capsys):
    lesson, _ = ladder
    lesson.hint(which)
    lesson.hint(which)
    out = capsys.readouterr().out
    assert "hint 1 of 3" in out and "hint 2 of 3" in out


def test_the_students_function_finds_its_exercise(ladder, capsys):
    lesson, _ = ladder

    def double(x):
        raise NotImplementedError()
    lesson.hint(double)
    assert "hint 1 of 3" in capsys.readouterr().out


def test_the_last_hint_points_to_the_solution_and_stays(ladder, capsys):
    lesson, _ = ladder
    for _ in range(5):
        lesson.hint("double")
    out = capsys.readouterr().out.splitlines()
    assert "hint 3 of 3: Multiply by 2." in out[-1] and "checks.solution('double')" in out[-1]


def test_the_solution_on_request_is_the_lessons_solution(ladder, capsys):
    lesson, _ = ladder
    lesson.solution("double")
    out = capsys.readouterr().out
    assert out.startswith("The course's solution for double") and "def double(x):" in out


def test_in_a_notebook_the_solution_is_folded_html(ladder, monkeypatch):
    shown = []
    monkeypatch.setattr(report, "in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    ladder[0].solution(1)
    html = shown[0].data
    assert html.startswith("<details><summary>The course's solution for double") and "return 2 * x" in html


def test_an_unknown_exercise_is_refused_with_the_choices(ladder):
    with pytest.raises(ValueError, match=r"exercise 'tripple' is not one of notebook 99_test's exercises: choose one of 'double' \(Exercise 1\)"):
        ladder[0].hint("tripple")
    with pytest.raises(TypeError, match="exercise must be"):
        ladder[0].hint(2.5)


def test_use_gives_the_students_function_once_its_check_passed(ladder, capsys):
    lesson, check = ladder

    def double(x):
        return 2 * x
    check(double)
    capsys.readouterr()
    assert lesson.use(double) is double
    assert capsys.readouterr().out == "✅ The next cells use your `double`.\n"


@pytest.mark.parametrize("student, why", [
    ("stub", "is unfinished"), ("wrong", "did not pass its check"), ("unchecked", "has not been checked yet"),
])
def test_use_falls_back_to_the_reference_saying_why_in_one_line(ladder, capsys, student, why):
    lesson, check = ladder

    def double(x):
        if student == "stub":
            raise NotImplementedError()
        return x
    if student != "unchecked":
        check(double)
    capsys.readouterr()
    assert lesson.use(double).__wrapped__ is _reference_double
    out = capsys.readouterr().out
    assert out == f"↪ `double` {why}: the next cells use the course's version instead.\n"
    assert "not done yet" not in out  # the student-edition check counts that phrase per exercise


def test_use_notices_a_function_redefined_after_its_check(ladder, capsys):
    lesson, check = ladder
    check(lambda x: 2 * x)

    def double(x):
        return 2 * x
    assert lesson.use(double, "double").__wrapped__ is _reference_double
    assert "changed after its check passed" in capsys.readouterr().out


def test_use_without_a_reference_anywhere_is_refused(progress_file):
    lesson = lessons.Lesson("99_test")
    lesson.exercise("half")
    with pytest.raises(ValueError, match="reference: exercise 'half' has no registered reference"):
        lesson.use(lambda x: x / 2, "half")
    assert lesson.use(lambda x: x / 2, "half", reference=_reference_double).__wrapped__ is _reference_double


def test_use_refuses_a_reference_that_is_not_a_function(progress_file):
    lesson = lessons.Lesson("99_test")
    lesson.exercise("half")
    with pytest.raises(TypeError, match="reference must be the course's function or class .* got int 5"):
        lesson.use(lambda x: x / 2, "half", reference=5)


def test_a_lesson_is_one_per_notebook_and_records_progress_under_it(progress_file):
    from course_utils.checks import loss
    from course_utils.progress import ProgressStore

    assert lessons.lesson("04_loss") is lessons.lesson("04_loss") is loss.LESSON
    loss.check_mse(lambda y_hat, y: ((y - y_hat) ** 2).mean())
    assert ProgressStore().entry("04_loss", "mse").status == "pass"
    with pytest.raises(TypeError, match="notebook must be"):
        lessons.lesson(4)


def test_every_check_module_a_lesson_imports_records_under_that_lesson():
    import importlib
    import re
    from pathlib import Path

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    imported = {}
    for path in sorted(notebooks.glob("[0-9]*.md")):
        for module in re.findall(r"from course_utils\.checks import (\w+) as \w+", path.read_text(encoding="utf-8")):
            imported[module] = path.stem
    assert imported and all(importlib.import_module(f"course_utils.checks.{module}").LESSON.notebook == stem
                            for module, stem in imported.items())


@pytest.mark.parametrize("call, error, fragment", [
    (lambda l: l.exercise(""), ValueError, "name must not be empty"),
    (lambda l: l.exercise(3), TypeError, "name must be"),
    (lambda l: l.exercise("x", number=0), ValueError, "number must be >= 1"),
    (lambda l: l.exercise("x", hints="one hint"), TypeError, "hints must be a list"),
    (lambda l: l.exercise("x", hints=["a", 2]), TypeError, r"hints\[1\] must be a string"),
    (lambda l: l.exercise("x", reference="mse"), TypeError, "reference must be the course's function"),
    (lambda l: lessons.Lesson(4), TypeError, "notebook must be"),
])
def test_bad_registrations_are_refused_naming_the_argument(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call(lessons.Lesson("99_test"))


def test_in_a_real_kernel_hints_fold_the_solution_stop_a_loop_and_keep_progress_beside_the_notebook(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("COURSE_PROGRESS_FILE", raising=False)
    cells = [
        "import numpy as np\nfrom course_utils.checks import compare, lessons, sandbox, solutions\n"
        "from course_utils.checks.exercise import run_check\nsandbox.TIME_LIMIT = 0.5\n"
        "solutions._solutions = lambda: {'99_kernel': {'double': 'def double(x):\\n    return 2 * x'}}\n"
        "LESSON = lessons.Lesson('99_kernel')\n"
        "def reference(x):\n    return 2 * x\n"
        "EX = LESSON.exercise('double', number=1, function='double', reference=reference, hints=['one', 'two', 'three'])\n"
        "def check(f):\n    def body():\n        return compare.compare('double', sandbox.call_student(f, np.ones(2)), 2 * np.ones(2), [])\n"
        "    return run_check(EX, body)",
        "def double(x):\n    while True: pass\ncheck(double)",
        "check(lambda x: x)\ncheck(lambda x: x)",
        "double = LESSON.use(double)\nLESSON.progress()",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    texts = ["".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream") for cell in nb.cells]
    assert "was stopped at line 2 of your code: while True: pass" in texts[1] and "hint 1 of 3: one" in texts[1]
    html = [o["data"]["text/html"] for o in nb.cells[2].outputs if o.output_type == "display_data"]
    assert len(html) == 1 and html[0].startswith("<details><summary>After 3 tries") and "return 2 * x" in html[0]
    assert "the next cells use the course's version instead" in texts[3] and "0 of 1 exercises passed" in texts[3]
    assert (tmp_path / ".course-progress.json").exists()


class _Engine:
    """What a student's class could look like: the check calls its methods itself."""

    def backward(self):
        raise NotImplementedError()

    def grad(self):
        return {}["missing"]


@pytest.mark.parametrize("method, status, fragment", [
    ("backward", "todo", "not done yet"),
    ("grad", "fail", "your code raised KeyError: 'missing' (line"),
])
def test_the_students_method_called_by_the_check_itself_is_reported_as_theirs(method, status, fragment):
    def body():
        engine = sandbox.call_student(_Engine)
        getattr(engine, method)()
        return report.passed("engine")
    result = run_check("engine", body)
    assert result.status == status and fragment in result.message


def test_without_hints_a_failure_points_to_the_solution_only(progress_file, capsys, monkeypatch):
    monkeypatch.setattr(solutions, "_solutions", lambda: SOLVED)
    lesson = lessons.Lesson("99_test")
    exercise = lesson.exercise("double", function="double", reference=_reference_double)

    def body():
        return compare.compare("double", sandbox.call_student(lambda x: x, np.ones(2)), 2 * np.ones(2), [])
    run_check(exercise, body)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1] == "   the solution is shown after 2 more tries (or now: checks.solution('double'))."


def _three_times_one(x):
    return 3 * x


def test_course_version_stays_hidden_until_the_check_passes_then_shows_the_source_folded(ladder, capsys):
    lesson, check = ladder
    lesson.course_version(_reference_double)
    out = capsys.readouterr().out
    assert "def _reference_double" not in out
    assert out.startswith("🔒 The course's version, `_reference_double`, appears here once Exercise 1 (double) "
                          "passes its check, or after 3 failed checks.")
    assert "checks.solution('double')" in out
    check(_reference_double)
    capsys.readouterr()
    lesson.course_version(_reference_double)
    out = capsys.readouterr().out
    assert "The course's version: " in out and "def _reference_double" in out


def test_course_version_shows_after_three_failed_checks_and_counts_them_before(ladder, capsys):
    lesson, check = ladder
    for tries in (1, 2):
        check(_three_times_one)
        capsys.readouterr()
        lesson.course_version("double")
        out = capsys.readouterr().out
        assert "return 2 * x" not in out and f"after 3 failed checks ({tries} so far)" in out
    check(_three_times_one)
    capsys.readouterr()
    lesson.course_version("double")
    out = capsys.readouterr().out
    assert "The course's solution for double" in out and "return 2 * x" in out


def _not_done(x):
    raise NotImplementedError()


def test_an_unfinished_exercise_keeps_its_course_version_hidden(ladder, capsys):
    lesson, check = ladder
    check(_not_done)  # "not done yet" is no attempt
    capsys.readouterr()
    lesson.course_version(_reference_double)
    lesson.course_version("double")
    out = capsys.readouterr().out
    assert "def _reference_double" not in out and "return 2 * x" not in out and out.count("🔒") == 2


def test_course_version_names_the_exercise_it_needs_and_refuses_a_non_function(ladder):
    lesson, _ = ladder
    with pytest.raises(ValueError, match="is no exercise's reference in notebook 99_test; pass exercise="):
        lesson.course_version(_three_times_one)
    lesson.course_version(_three_times_one, exercise="double")  # named: no error
    with pytest.raises(TypeError, match="obj must be"):
        lesson.course_version(3)


def test_passed_says_whether_every_part_of_an_exercise_passed_its_check(ladder):
    lesson, check = ladder
    assert lesson.passed(1) is False  # not checked yet
    check(_three_times_one)
    assert lesson.passed(1) is False
    check(_reference_double)
    assert lesson.passed(1) is True
    lesson.exercise("double, part two", number=1)
    assert lesson.passed(1) is False  # a part not checked yet
    with pytest.raises(ValueError, match="notebook 99_test has no Exercise 2; its exercises are \\[1\\]"):
        lesson.passed(2)


def test_exports_are_the_lessons_own_methods(progress_file):
    lesson = lessons.Lesson("99_test")
    hint, solution, use, progress, course_version = lesson.exports()
    assert hint == lesson.hint and use == lesson.use and course_version == lesson.course_version


def test_progress_lists_the_exercises_of_every_check_module_of_the_notebook_by_number(progress_file, capsys, monkeypatch):
    monkeypatch.setattr(lessons, "_LESSONS", {})
    first, second = lessons.lesson("98_two_modules"), lessons.lesson("98_two_modules")  # two modules, one lesson
    first.exercise("count", number=1)
    first.exercise("design", number=3)
    second.exercise("spiral", number=2)
    second.exercise("extra")
    second.progress()
    out = capsys.readouterr().out
    assert "0 of 4 exercises passed" in out
    assert out.index("count") < out.index("spiral") < out.index("design") < out.index("extra")


def test_checking_the_course_version_that_use_put_in_place_says_to_run_your_cell_again(ladder, capsys):
    lesson, check = ladder

    def double(x):
        raise NotImplementedError()
    check(double)
    double = lesson.use(double)  # the notebook rebinds the student's name
    assert double(np.array([3.0])) == 6.0  # later cells get the course's result
    result = check(double)  # the student runs the check cell again, not the definition
    assert result.status == "todo"
    assert "run the cell that defines your `double` again" in result.message
    from course_utils.progress import ProgressStore
    assert ProgressStore().entry("99_test", "double").status == "todo"  # never recorded as the student's pass
