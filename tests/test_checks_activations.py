"""The notebook-03 checks pass the reference solutions and name the typical mistakes."""

import numpy as np
import pytest

from course_utils.checks import activations


def stub(*args):
    raise NotImplementedError()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_sigmoid_grad_reference_passes_and_stub_is_not_done():
    assert activations.check_sigmoid_grad(lambda z: sigmoid(z) * (1 - sigmoid(z))).passed
    assert activations.check_sigmoid_grad(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (sigmoid, "that is sigma(z) itself"),
    (lambda z: z * (1 - z), "apply sigma first"),
    (lambda z: -sigmoid(z) * (1 - sigmoid(z)), "wrong sign"),
])
def test_sigmoid_grad_mistakes_get_their_hint(mistake, hint):
    feedback = activations.check_sigmoid_grad(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_leaky_relu_reference_passes_and_stub_is_not_done():
    assert activations.check_leaky_relu(lambda z, slope: np.where(z > 0, z, slope * z)).passed
    assert activations.check_leaky_relu(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda z, slope: np.maximum(z, 0), "plain ReLU"),
    (lambda z, slope: np.where(z > 0, slope * z, z), "negative side"),
    (lambda z, slope: np.where(z > 0, z, 0.01 * z), "not a fixed 0.01"),
])
def test_leaky_relu_mistakes_get_their_hint(mistake, hint):
    feedback = activations.check_leaky_relu(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_count_dead_units_reference_passes_and_stub_is_not_done():
    assert activations.check_count_dead_units(lambda H: int((H == 0).all(axis=0).sum())).passed
    assert activations.check_count_dead_units(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda H: int((H == 0).sum()), "zero entries"),
    (lambda H: int((H == 0).any(axis=0).sum()), "(all), not for some"),
    (lambda H: int((H == 0).all(axis=1).sum()), "axis=0"),
    (lambda H: (H == 0).all(axis=0), "one number"),
])
def test_count_dead_units_mistakes_get_their_hint(mistake, hint):
    feedback = activations.check_count_dead_units(mistake)
    assert feedback.status == "fail" and hint in feedback.message
