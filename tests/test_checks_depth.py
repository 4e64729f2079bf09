"""The notebook 07 checks pass the reference solutions and reject the typical wrong answers, each with its hint."""

import math

import numpy as np
import pytest
import torch

from course_utils.checks import depth
from course_utils.checks import feedback as fb
from course_utils.models import build_mlp, count_parameters as count_module_parameters


def count_parameters(i, o, d, w):
    return (i + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * o


def width_for_budget(d, b):
    width = 1
    while count_parameters(1, 1, d, width + 1) <= b:
        width += 1
    return width


def stub(*args):
    raise NotImplementedError()


def no_return(*args):
    count_parameters(1, 1, 1, 1)


def raises(*args):
    return [][0]


def never_stops(*args):
    width = 1
    while True:
        width += 0


# --- the reference solutions, other correct ones, the stub -------------------------

@pytest.mark.parametrize("check, solution", [
    (depth.check_count_parameters, count_parameters),
    (depth.check_count_parameters, lambda i, o, d, w: count_module_parameters(build_mlp(i, o, d, w))),
    (depth.check_count_parameters, lambda i, o, d, w: np.int64(count_parameters(i, o, d, w))),
    (depth.check_count_parameters, lambda i, o, d, w: torch.tensor(count_parameters(i, o, d, w))),
    (depth.check_width_for_budget, width_for_budget),
    (depth.check_width_for_budget, depth.width_for_budget_ref),
    (depth.check_width_for_budget, lambda d, b: np.int64(width_for_budget(d, b))),
], ids=["count", "count-by-building", "count-np-int64", "count-int-tensor", "width", "width-package", "width-np-int64"])
def test_correct_solutions_pass(check, solution, capsys):
    feedback = check(solution)
    assert feedback.passed and feedback.message == "correct, well done."
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize("check", [depth.check_count_parameters, depth.check_width_for_budget])
def test_the_stub_is_not_done_yet(check):
    feedback = check(stub)
    assert feedback.status == "todo" and "not done yet" in feedback.message


# --- count_parameters: typical wrong answers --------------------------------------

def _lookup_of_notebook_shapes(i, o, d, w):
    # Right for the shapes a student may have seen printed, a constant elsewhere.
    known = {shape: count_parameters(*shape) for shape in depth._SHAPES}
    return known.get((i, o, d, w), 100)


COUNT_MISTAKES = [
    ("no biases", lambda i, o, d, w: i * w + (d - 1) * w * w + w * o, "biases are missing: every layer"),
    ("no hidden biases", lambda i, o, d, w: (i + 1) * w + (d - 1) * w * w + (w + 1) * o, "hidden-to-hidden layers' biases are missing"),
    ("no output biases", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w + w * o, "output layer's biases are missing"),
    ("no first-layer biases", lambda i, o, d, w: i * w + (d - 1) * (w + 1) * w + (w + 1) * o, "first layer's biases are missing"),
    ("(w + 1) squared", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) ** 2 + (w + 1) * o, "not (width + 1)²"),
    ("biases per input", lambda i, o, d, w: i * (w + 1) + (d - 1) * (w + 1) * w + w * (o + 1), "counts them per input unit"),
    ("in and out swapped", lambda i, o, d, w: (o + 1) * w + (d - 1) * (w + 1) * w + (w + 1) * i, "in_features and out_features are swapped"),
    ("depth hidden-to-hidden", lambda i, o, d, w: count_parameters(i, o, d + 1, w), "one hidden-to-hidden layer too many"),
    ("depth - 2 hidden-to-hidden", lambda i, o, d, w: count_parameters(i, o, d - 1, w), "one hidden-to-hidden layer too few"),
    ("depth ignored", lambda i, o, d, w: (i + 1) * w + (w + 1) * o, "right only for depth 1"),
    ("no output layer", lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w, "output layer is missing"),
    ("no first layer", lambda i, o, d, w: (d - 1) * (w + 1) * w + (w + 1) * o, "first layer is missing"),
    ("a constant", lambda i, o, d, w: 61, "the same count (61) for every shape"),
    ("only the notebook's shapes", _lookup_of_notebook_shapes, "in_features=28, out_features=8, depth=7, width=82: your count is 100"),
    ("a float", lambda i, o, d, w: float(count_parameters(i, o, d, w)), "a count is an int"),
    ("a float tensor", lambda i, o, d, w: torch.tensor(float(count_parameters(i, o, d, w))), "a count is an int"),
    ("a fraction", lambda i, o, d, w: count_parameters(i, o, d, w) / 2, "a count is a whole number"),
    ("one count per layer", lambda i, o, d, w: [(i + 1) * w, (d - 1) * (w + 1) * w, (w + 1) * o], "one count per layer? add them up"),
    ("a one-element list", lambda i, o, d, w: [count_parameters(i, o, d, w)], "should be one number, got list of shape (1,)"),
    ("an array per layer", lambda i, o, d, w: np.array([(i + 1) * w, (w + 1) * o]), "one count per layer? add them up"),
    ("a bool", lambda i, o, d, w: True, "a bool"),
    ("text", lambda i, o, d, w: str(count_parameters(i, o, d, w)), "got str"),
    ("NaN", lambda i, o, d, w: math.nan, "a count is a whole number, got nan"),
    ("forgotten return", no_return, "forget the `return`"),
    ("raises", raises, "raised IndexError"),
]


@pytest.mark.parametrize("mistake, hint", [m[1:] for m in COUNT_MISTAKES], ids=[m[0] for m in COUNT_MISTAKES])
def test_count_check_rejects_the_mistake_with_its_hint(mistake, hint, capsys):
    feedback = depth.check_count_parameters(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert feedback.message in capsys.readouterr().out


def test_count_hints_are_all_different():
    # Each structural mistake is told apart from the others (no hint is a catch-all for two of them); swapping
    # in and out gives the same numbers as counting the biases per input unit, so the two share one hint.
    messages = [depth.check_count_parameters(m[1]).message for m in COUNT_MISTAKES[:12] if m[0] != "in and out swapped"]
    assert len(set(messages)) == len(messages)


def test_count_check_uses_shapes_the_notebook_never_shows():
    shapes = depth._count_shapes()
    assert len(shapes) == len(set(shapes)) >= 7
    assert set(depth._SHAPES) < set(shapes)
    assert any(d >= 5 and i != o for i, o, d, w in shapes)


# --- width_for_budget: typical wrong answers --------------------------------------

def _widest(count, budget, strict=False):
    width = 0
    while (count(width + 1) < budget) if strict else (count(width + 1) <= budget):
        width += 1
    return width


def _capped(d, b):
    for width in range(1, 1000):
        if count_parameters(1, 1, d, width + 1) > b:
            return width
    return 999


def _capped_without_fallback(d, b):
    for width in range(1, 1000):
        if count_parameters(1, 1, d, width + 1) > b:
            return width


WIDTH_MISTAKES = [
    ("one too wide", lambda d, b: width_for_budget(d, b) + 1, "one unit too wide each time"),
    ("one too narrow", lambda d, b: width_for_budget(d, b) - 1, "one unit too narrow"),
    ("< instead of <=", lambda d, b: _widest(lambda w: count_parameters(1, 1, d, w), b, strict=True), "<=, not <"),
    ("depth ignored", lambda d, b: _widest(lambda w: count_parameters(1, 1, 1, w), b), "one hidden layer"),
    ("count without biases", lambda d, b: _widest(lambda w: w + (d - 1) * w * w + w, b), "leaves out the biases"),
    ("one hidden layer too many", lambda d, b: _widest(lambda w: count_parameters(1, 1, d + 1, w), b), "depth + 1 hidden layers"),
    ("the count, not the width", lambda d, b: count_parameters(1, 1, d, width_for_budget(d, b)), "return its width"),
    ("a constant", lambda d, b: 5, "the same width (5) for every"),
    ("a search that stops at 999", _capped, "never goes past 999"),
    ("a search that falls off its end", _capped_without_fallback, "returned None for depth 1 and budget 20000"),
    ("zero", lambda d, b: 0, "at least 1 unit"),
    ("a fraction", lambda d, b: width_for_budget(d, b) + 0.5, "whole number of units"),
    ("a float", lambda d, b: float(width_for_budget(d, b)), "a width is an int"),
    ("a one-element list", lambda d, b: [width_for_budget(d, b)], "should be one number, got list of shape (1,)"),
    ("huge", lambda d, b: 1e30, "over the budget"),
    ("NaN", lambda d, b: math.nan, "whole number of units, got nan"),
    ("forgotten return", no_return, "forget the `return`"),
    ("raises", raises, "raised IndexError"),
]


@pytest.mark.parametrize("mistake, hint", [m[1:] for m in WIDTH_MISTAKES], ids=[m[0] for m in WIDTH_MISTAKES])
def test_width_check_rejects_the_mistake_with_its_hint(mistake, hint, capsys):
    feedback = depth.check_width_for_budget(mistake)
    assert feedback.status == "fail" and hint in feedback.message, feedback.message
    assert feedback.message in capsys.readouterr().out


def test_width_hints_are_all_different():
    messages = [depth.check_width_for_budget(m[1]).message for m in WIDTH_MISTAKES[:9]]
    assert len(set(messages)) == len(messages)


def test_width_check_has_an_exact_budget_and_budgets_the_notebook_never_shows():
    cases = depth._width_cases()
    assert len(cases) == len(set(cases)) >= 7
    assert any(count_parameters(1, 1, d, width_for_budget(d, b)) == b for d, b in cases)
    assert any(width_for_budget(d, b) > 1000 for d, b in cases)


# --- functions that never stop ----------------------------------------------------

@pytest.mark.parametrize("check", [depth.check_count_parameters, depth.check_width_for_budget])
def test_a_function_that_never_stops_is_stopped_with_a_hint(check, monkeypatch):
    monkeypatch.setattr(fb, "TIME_LIMIT", 0.2)
    feedback = check(never_stops)
    assert feedback.status == "fail" and "ran for more than 0.2 s and was stopped" in feedback.message


def test_a_huge_whole_number_is_a_failed_check_not_a_crash():
    assert "your count is 10000" in depth.check_count_parameters(lambda i, o, d, w: 10 ** 400 if d > 4 else
                                                                 count_parameters(i, o, d, w)).message
    assert "over the budget" in depth.check_width_for_budget(lambda d, b: 10 ** 400).message
