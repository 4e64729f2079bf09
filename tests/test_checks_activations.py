"""The notebook-03 checks pass the reference solutions, name the typical mistakes and survive broken functions."""

import math
import warnings

import numpy as np
import pytest

from course_utils import scratch
from course_utils.checks import activations, feedback


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
        assert activations.check_leaky_relu(lambda z, slope: np.maximum(z, slope * z)).passed
        assert activations.check_count_dead_units(count_dead_units).passed
        assert activations.check_count_dead_units(lambda H: int((H.max(axis=0) == 0).sum())).passed


def test_stubs_are_not_done():
    for check in (activations.check_sigmoid_grad, activations.check_leaky_relu, activations.check_count_dead_units):
        feedback_ = check(stub)
        assert feedback_.status == "todo" and "not done yet" in feedback_.message


def loop_1d(z):
    return np.array([math.exp(-v) / (1 + math.exp(-v)) ** 2 for v in z])


@pytest.mark.parametrize("mistake, hint", [
    (scratch.sigmoid, "that is sigma(z) itself"),
    (lambda z: z * (1 - z), "apply sigma first"),
    (lambda z: -sigmoid_grad(z), "wrong sign"),
    (lambda z: scratch.sigmoid(z) * (1 + scratch.sigmoid(z)), "not (1 + sigma(z))"),
    (lambda z: 1 - scratch.sigmoid(z) ** 2, "tanh's derivative"),
    (lambda z: scratch.sigmoid(z) * 1 - scratch.sigmoid(z), "mind the brackets"),
    (lambda z: scratch.sigmoid(z) * (1 - z), "in both factors"),
    (lambda z: np.full_like(z, 0.25), "every entry is the same"),
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "for large z contains NaN or inf"),
    (loop_1d, "right for the 1-D z, but for z of shape (4, 5) your function raised TypeError"),
    (lambda z: sigmoid_grad(z).tolist(), "should be a NumPy array"),
    (lambda z: sigmoid_grad(z).astype(np.float16), "float16"),
    (lambda z: sigmoid_grad(z).ravel(), "for z of shape (4, 5) has shape (20,), expected (4, 5)"),
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
    (lambda z, slope: np.maximum(z, 0), "plain ReLU"),
    (lambda z, slope: np.where(z > 0, slope * z, z), "negative side"),
    (lambda z, slope: slope * z, "only negative inputs are scaled"),
    (lambda z, slope: np.where(z > 0, z, -slope * z), "not -slope * z"),
    (lambda z, slope: np.where(z > 0, z, slope), "multiply the slope by z"),
    (lambda z, slope: np.where(z > 0, z, 0.01 * z), "use the slope argument, not a fixed number"),
    (lambda z, slope: np.where(z > 0, z, 0.1 * z), "use the slope argument, not a fixed number"),  # the notebook's slope
    (lambda z, slope: np.zeros_like(z), "every entry is the same"),
    (in_place, "changed its argument `z` in place: build a new array with np.where"),
    (one_number_at_a_time, "`if z > 0` decides for one number"),
    (lambda z, slope: [max(v, slope * v) for v in z], "should be a NumPy array"),
    (lambda z, slope: None, "forget the `return`"),
])
def test_leaky_relu_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_leaky_relu(mistake), hint)


@pytest.mark.parametrize("mistake, hint", [
    (lambda H: int((H == 0).sum()), "zero entries"),
    (lambda H: int((H == 0).any(axis=0).sum()), "(all), not for some"),
    (lambda H: int((H == 0).all(axis=1).sum()), "axis=0"),
    (lambda H: int((H != 0).any(axis=0).sum()), "live units"),
    (lambda H: H.shape[1], "number of all units"),
    (lambda H: 2, "you return 2 for every H"),  # the notebook's answer: passed before
    (lambda H: (H == 0).all(axis=0), "one True/False per unit"),
    (lambda H: np.flatnonzero((H == 0).all(axis=0)), "indices of the dead units"),
    (lambda H: (H == 0).all(axis=0).sum(axis=0, keepdims=True).repeat(2), "return one number"),
    (lambda H: None, "forget the `return`"),
    (lambda H: "2", "should be a number"),
])
def test_count_dead_units_mistakes_get_their_hint(mistake, hint):
    _fail(activations.check_count_dead_units(mistake), hint)


def raises_own_error(*args):
    return 1 / 0


def forever(*args):
    while True:
        pass


@pytest.mark.parametrize("check", [activations.check_sigmoid_grad, activations.check_leaky_relu,
                                   activations.check_count_dead_units])
def test_a_raising_or_endless_function_is_one_failed_line(check, monkeypatch):
    _fail(check(raises_own_error), "your function raised ZeroDivisionError: division by zero")
    monkeypatch.setattr(feedback, "TIME_LIMIT", 0.2)
    _fail(check(forever), "was stopped")
