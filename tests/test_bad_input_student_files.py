"""Bad input to the parts a student's work passes through: the playground and its state strings, stats,
the autograd engine's Value, checks.use, the student's copy of the course and MNIST's files.

One row per bad call, as in the other bad-input tables (tests/bad_input.py): its category,
the call, the error and a fragment of the message. docs/bad_input.md counts the rows.
"""

import base64
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from bad_input import CATEGORIES, assert_refused
from course_utils import stats
from course_utils.checks import lessons
from course_utils.playground import PRESETS, Config, Playground, Trainer, decode_state, encode_state
from course_utils.scratch import Value

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("student_copy_for_bad_input", ROOT / "tools" / "student_copy.py")
student_copy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_copy)


def _state(payload: bytes) -> str:
    return "PG1." + base64.urlsafe_b64encode(payload).decode().rstrip("=")


SPIRAL = PRESETS["spiral"][1]
LONG_REPLAY = encode_state(SPIRAL.replace(batch_size=1, hidden=(8, 8, 8, 8)), epochs=1000)


def _empty_course(tmp):
    (tmp / "empty").mkdir()
    return student_copy.sync(tmp / "empty", tmp / "copy")


def _unreadable_course(tmp):
    (tmp / "course").mkdir()
    (tmp / "course" / "01_x.ipynb").write_text("{ not json")
    return student_copy.sync(tmp / "course", tmp / "copy")


def _lesson():
    lesson = lessons.Lesson("99_bad_input")
    lesson.exercise("half")  # registered without the course's version
    return lesson


ROWS = [
    # the playground's configuration and its state strings
    ("wrong type", lambda tmp: Config(activation=["tanh"]), TypeError, "activation must be one of"),
    ("wrong type", lambda tmp: Config(dataset=("spiral",)), TypeError, "dataset must be one of"),
    ("wrong type", lambda tmp: Config(hidden=[[2]]), TypeError, "each hidden width must be an int"),
    ("wrong type", lambda tmp: decode_state(b"PG1.abc"), TypeError, "state must be the text the playground shows"),
    ("out of range", lambda tmp: Config(noise=1.5), ValueError, "noise must lie in [0, 1]"),
    ("out of range", lambda tmp: Config(n=3), ValueError, "n"),
    ("out of range", lambda tmp: Config(test_fraction=0.95), ValueError, "test_fraction must lie in [0.1, 0.9]"),
    ("out of range", lambda tmp: Playground(steps_per_frame=0), ValueError, "steps_per_frame"),
    ("empty", lambda tmp: Config(features=()), ValueError, "features must name at least one feature"),
    ("empty", lambda tmp: decode_state(""), ValueError, "state must start with 'PG1.'"),
    ("empty", lambda tmp: decode_state("PG1."), ValueError, "not a readable playground state"),
    ("huge or tiny values", lambda tmp: Playground.from_state(LONG_REPLAY), ValueError, "at most 20,000 steps"),
    ("huge or tiny values", lambda tmp: Trainer(SPIRAL).check_replay(10**6), ValueError, "would take more than"),
    ("huge or tiny values", lambda tmp: decode_state(_state(b"[" * 100_000 + b"]" * 100_000)), ValueError,
     "not a readable playground state"),
    ("huge or tiny values", lambda tmp: Config(n=10**6), ValueError, "n must be at most 1000"),
    ("wrong shape or dtype", lambda tmp: decode_state(_state(b'{"config": 1, "epochs": 2, "check": "x"}')),
     ValueError, "config must be fields"),
    ("wrong shape or dtype", lambda tmp: decode_state(_state(b"[1, 2, 3]")), ValueError,
     "expected the fields config, epochs and check"),
    ("NaN/inf", lambda tmp: Config(noise=float("nan")), ValueError, "noise"),
    ("NaN/inf", lambda tmp: Config(lr=float("inf")), ValueError, "lr"),
    # stats and the engine
    ("out of range", lambda tmp: stats.sign_test_p(5, 3), ValueError, "wins must be at most n"),
    ("out of range", lambda tmp: stats.sign_test_p(-1, 3), ValueError, "wins"),
    ("NaN/inf", lambda tmp: stats.compare_paired([1.0, np.nan], [1.0, 1.0]), ValueError, "finite positive"),
    ("empty", lambda tmp: stats.compare_paired([], []), ValueError, "at least one"),
    ("wrong shape or dtype", lambda tmp: stats.compare_paired([1.0, 2.0], [1.0]), ValueError, "equally many"),
    ("wrong type", lambda tmp: Value(Value(2.0)), TypeError, "plain number"),
    ("NumPy/PyTorch mixing", lambda tmp: np.array([1.0, 2.0]) * Value(2.0), TypeError, "got ndarray"),
    ("NumPy/PyTorch mixing", lambda tmp: Value(1.0) + np.ones(2), TypeError, "got ndarray"),
    # checks.use, the student's copy, MNIST's files
    ("wrong type", lambda tmp: _lesson().use(lambda x: x / 2, "half", reference=5), TypeError,
     "reference must be the course's function or class"),
    ("call order", lambda tmp: _lesson().use(lambda x: x / 2, "half"), ValueError, "has no registered reference"),
    ("empty", _empty_course, FileNotFoundError, "no lesson notebooks"),
    ("wrong shape or dtype", _unreadable_course, ValueError, "01_x.ipynb: the course's notebook cannot be read"),
]


def test_every_row_has_a_known_category():
    assert {row[0] for row in ROWS} <= set(CATEGORIES)


@pytest.mark.parametrize("category, call, expected, fragment", ROWS,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(ROWS)])
def test_bad_input_is_refused_with_a_clear_message(category, call, expected, fragment, tmp_path):
    assert_refused(category, lambda: call(tmp_path), expected, fragment)
