"""The shared exercise feedback: pass, hint, "not done yet", one printed line."""

import numpy as np
import pytest

from course_utils.checks import feedback as fb


def _check(student):
    def body():
        got = fb.call_student(student, np.array([1.0, 2.0]))
        return fb.compare("double", got, np.array([2.0, 4.0]), [
            (lambda g: np.allclose(g, [-2.0, -4.0]), "wrong sign: did you subtract instead of add?"),
        ])
    return fb.run_check("double", body)


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
        fb.as_array("four", "your answer")


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
    monkeypatch.setattr(fb, "TIME_LIMIT", 0.2)

    def forever(x):
        while True:
            pass
    result = _check(forever)
    assert result.status == "fail" and "more than 0.2 s" in result.message


def test_jupyter_shows_the_line_once_not_again_as_the_cell_value(capsys):
    from IPython.core.formatters import DisplayFormatter

    result = _check(lambda x: 2 * x)
    capsys.readouterr()
    data, metadata = DisplayFormatter().format(result)
    assert data == {} and capsys.readouterr().out == ""


def test_close_needs_the_same_shape_and_the_same_values():
    assert fb.close(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]))
    assert not fb.close(np.array([[1.0, 2.0]]), np.array([1.0, 2.0]))  # would broadcast in np.allclose
    assert not fb.close(np.array([1.0, 2.0]), np.array([1.0, 2.1]))


def test_the_time_limit_is_not_swallowed_by_the_students_except(monkeypatch):
    monkeypatch.setattr(fb, "TIME_LIMIT", 0.2)

    def retries_forever(x):
        while True:
            try:
                sum(range(1000))
            except Exception:
                pass
    result = _check(retries_forever)
    assert result.status == "fail" and "was stopped" in result.message
