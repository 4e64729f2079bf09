"""The notebook-03 checks pass the reference solutions, name the typical mistakes and survive broken functions."""

import math
import warnings

import numpy as np
import pytest

from course_utils import scratch
from course_utils.checks import sandbox
from course_utils.checks import activations
from test_scratch_deep import autograd_first_layer_gradient  # torch.autograd's answer, a tensor


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Each test records its checks in its own progress file (attempt counts never carry over)."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


def stub(*args):
    raise NotImplementedError()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))  # overflows (with a warning) for z < -709: the result is still right


def sigmoid_grad(z):
    s = scratch.sigmoid(z)
    return s * (1 - s)


def leaky_relu(z, slope=0.01):
    return np.where(z > 0, z, slope * z)


def count_dead_units(H):
    return int(np.all(H == 0, axis=0).sum())


def first_layer_gradient(X, Ws, bs, f, f_grad):  # the notebook's solution
    zs, h = [], X
    for W, b in zip(Ws, bs):
        z = h @ W + b
        zs.append(z)
        h = f(z)
    delta = f_grad(zs[-1])
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l].T) * f_grad(zs[l - 1])
    return X.T @ delta




def _fail(feedback_, hint):
    assert feedback_.status == "fail", feedback_
    assert hint in feedback_.message, feedback_.message
    assert "\n" not in feedback_.message


def test_references_pass_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert activations.check_sigmoid_grad(sigmoid_grad).passed
        assert activations.check_sigmoid_grad(lambda z: sigmoid(z) * (1 - sigmoid(z))).passed  # naive sigmoid too
        assert activations.check_leaky_relu(leaky_relu).passed
        assert activations.check_count_dead_units(count_dead_units).passed
        assert activations.check_count_dead_units(lambda H: int((H.max(axis=0) == 0).sum())).passed
        assert activations.check_count_dead_units(lambda H: int((H <= 0).all(axis=0).sum())).passed
        assert activations.check_first_layer_gradient(first_layer_gradient).passed
        assert activations.check_first_layer_gradient(activations.first_layer_gradient).passed
        assert activations.check_first_layer_gradient(autograd_first_layer_gradient).passed  # a tensor is fine too


def loop_1d(z):
    return np.array([math.exp(-v) / (1 + math.exp(-v)) ** 2 for v in z])


# Each typical mistake is a row of the exercise's table (tests/test_check_tables.py runs every row);
# these are written as a student would, another way than the table's code, with the answers of the wrong kind.
@pytest.mark.parametrize("mistake, hint", [
    (lambda z: np.array([scratch.sigmoid(v) * (1 - v) for v in z.ravel()]).reshape(z.shape), "in both factors"),
    (lambda z: np.full_like(z, 0.25), "every entry is the same"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "but for large z: your derivative contains NaN or inf"),
    (loop_1d, "right for the 1-D z, but for z of shape (4, 5) your function raised TypeError"),
    (lambda z: sigmoid_grad(z).tolist(), "should be a NumPy array"),
    (lambda z: sigmoid_grad(z).astype(np.float16), "float16"),
    (lambda z: sigmoid_grad(z).ravel(), "but for z of shape (4, 5): your derivative has shape (20,), expected (4, 5)"),
    (lambda z: None, "forget the `return`"),
])
def test_sigmoid_grad_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_sigmoid_grad(mistake), hint)


def in_place(z, slope):
    z[z < 0] *= slope
    return z


def one_number_at_a_time(z, slope):
    return z if z > 0 else slope * z


@pytest.mark.parametrize("mistake, hint", [
    (lambda z, slope: np.where(z > 0, z, 0.1 * z), "use the slope argument, not a fixed number"),  # the notebook's slope
    (lambda z, slope: np.zeros_like(z), "every entry is the same"),
    (lambda z, slope: np.maximum(z, slope * z), "but for z of shape (4, 5) with slope=2: np.maximum(z, slope * z) is "
                                                "Leaky ReLU only for a slope up to 1"),
    (in_place, "changed its argument `z` in place: build a new array with np.where"),
    (one_number_at_a_time, "`if z > 0` decides for one number"),
    (lambda z, slope: [max(v, slope * v) for v in z], "should be a NumPy array"),
    (lambda z, slope: None, "forget the `return`"),
])
def test_leaky_relu_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_leaky_relu(mistake), hint)


@pytest.mark.parametrize("mistake, hint", [
    (lambda H: 2, "the same count for two different H"),  # the notebook's answer: passed before
    (lambda H: (H == 0).all(axis=0), "one True/False per unit"),
    (lambda H: np.flatnonzero((H == 0).all(axis=0)), "indices of the dead units"),
    (lambda H: (H == 0).all(axis=0).sum(axis=0, keepdims=True).repeat(2), "has shape (2,), expected ()"),
    (lambda H: None, "forget the `return`"),
    (lambda H: "2", "should be a number"),
    (lambda H: int((H < 0).all(axis=0).sum()), "H < 0 finds nothing"),
    (lambda H: int(np.all(H == 0)), "without an axis"),
])
def test_count_dead_units_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_count_dead_units(mistake), hint)


def raises_own_error(*args):
    return 1 / 0


def forever(*args):
    while True:
        pass


@pytest.mark.parametrize("check", [activations.check_sigmoid_grad, activations.check_leaky_relu,
                                   activations.check_count_dead_units, activations.check_first_layer_gradient])
def test_a_raising_or_endless_function_is_one_failed_line(check, monkeypatch):
    _fail(check(raises_own_error), "your function raised ZeroDivisionError: division by zero")
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    _fail(check(forever), "was stopped")


# --- Exercise 3: first_layer_gradient --------------------------------------------------

def square_only(X, Ws, bs, f, f_grad):
    """Right, but with the width 4 of the first stack written in."""
    zs, h = [], X
    for W, b in zip(Ws, bs):
        zs.append(h @ W + b)
        h = f(zs[-1])
    delta = f_grad(zs[-1])
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l].T) * f_grad(zs[l - 1])
    return (X.T @ delta).reshape(4, 4)


def changes_X(X, Ws, bs, f, f_grad):
    X -= X.mean(axis=0)
    return first_layer_gradient(X, Ws, bs, f, f_grad)


@pytest.mark.parametrize("mistake, hint", [
    (lambda X, Ws, bs, f, f_grad: np.ones((X.shape[1], Ws[0].shape[1])), "every entry is the same number"),
    (lambda X, Ws, bs, f, f_grad: first_layer_gradient(X, Ws, bs, f, f_grad).tolist(), "should be a NumPy array"),
    (lambda X, Ws, bs, f, f_grad: first_layer_gradient(X, Ws, bs, f, f_grad).astype(np.float16), "float16"),
    (lambda X, Ws, bs, f, f_grad: None, "forget the `return`"),
    (square_only, "right for a sigmoid stack 4 -> 4 -> 4 -> 4 with 5 inputs, but for a tanh stack"),
    (changes_X, "changed its argument `X` in place"),
    (lambda X, Ws, bs, f, f_grad: (first_layer_gradient(X, Ws, bs, f, f_grad), None), "should be a NumPy array, got tuple"),
    (lambda X, Ws, bs, f, f_grad: np.full((X.shape[1], Ws[0].shape[1]), np.nan), "contains NaN or inf"),
    (lambda X, Ws, bs, f, f_grad: np.zeros((2, 2, 2)), "has shape (2, 2, 2), expected (4, 4)"),
    (lambda X, Ws, bs, f, f_grad: "dW", "should be a NumPy array, got str"),
    (lambda X, Ws, bs, f, f_grad: first_layer_gradient(X, Ws, bs, f, f_grad)[0], "has shape (4,), expected (4, 4)"),
])
def test_first_layer_gradient_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_first_layer_gradient(mistake), hint)


def test_first_layer_gradient_check_tries_a_random_stack_the_notebook_does_not_use():
    cases = activations.FIRST_LAYER_GRADIENT.cases
    assert cases[2].label.startswith("a random sigmoid stack") and cases[2].label not in [c.label for c in cases[:2]]
    depths = {len(case.args[1]) for case in cases}
    assert len(depths) == 2 and max(depths) >= 4  # another depth than the notebook's square stacks


# --- registration: hints, solutions, the course's version for unfinished exercises ---------------


