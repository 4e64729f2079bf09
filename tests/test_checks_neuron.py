"""The notebook-01 checks pass the reference solutions and name the typical mistakes."""

import numpy as np
import pytest
import torch

from course_utils.checks import neuron


def stub(*args):
    raise NotImplementedError()


# weighted_sum -----------------------------------------------------------------
def weighted_sum(inputs, weights, bias):
    return sum(x * w for x, w in zip(inputs, weights)) + bias


@pytest.mark.parametrize("mistake, hint", [
    (lambda x, w, b: sum(xi * wi for xi, wi in zip(x, w)), "forgot to add the bias"),
    (lambda x, w, b: sum(xi * wi for xi, wi in zip(x, w)) - b, "added, not subtracted"),
    (lambda x, w, b: sum(x) + sum(w) + b, "multiply each input"),
])
def test_weighted_sum_mistakes_get_their_hint(mistake, hint, capsys):
    feedback = neuron.check_weighted_sum(mistake)
    assert feedback.status == "fail" and hint in feedback.message
    assert hint in capsys.readouterr().out


def test_weighted_sum_reference_passes():
    assert neuron.check_weighted_sum(weighted_sum).passed


def test_weighted_sum_hardcoded_worked_example_fails():
    assert not neuron.check_weighted_sum(lambda x, w, b: 2.4).passed


def test_weighted_sum_stub_is_not_done():
    feedback = neuron.check_weighted_sum(stub)
    assert feedback.status == "todo" and "not done yet" in feedback.message


# layer_forward ----------------------------------------------------------------
@pytest.mark.parametrize("mistake, hint", [
    (lambda X, W, b: X @ W, "forgot to add the bias"),
    (lambda X, W, b: X @ W.T + b, "transposed"),
    (lambda X, W, b: X @ W - b, "added, not subtracted"),
])
def test_layer_forward_mistakes_get_their_hint(mistake, hint):
    feedback = neuron.check_layer_forward(mistake)
    assert feedback.status == "fail" and hint in feedback.message


def test_layer_forward_reference_passes_and_stub_is_not_done():
    assert neuron.check_layer_forward(lambda X, W, b: X @ W + b).passed
    assert neuron.check_layer_forward(stub).status == "todo"


def test_layer_forward_wrong_shape_is_reported():
    feedback = neuron.check_layer_forward(lambda X, W, b: (X @ W + b).sum(axis=1))
    assert feedback.status == "fail" and "shape" in feedback.message


# linear_from_weights ----------------------------------------------------------
def linear_from_weights(w, b, transpose=True, copy_bias=True):
    layer = torch.nn.Linear(w.shape[0], w.shape[1])
    with torch.no_grad():
        if transpose:
            layer.weight.copy_(w.T)
        else:
            layer.weight = torch.nn.Parameter(w.clone())
        if copy_bias:
            layer.bias.copy_(b)
    return layer


def test_linear_from_weights_reference_passes():
    assert neuron.check_linear_from_weights(linear_from_weights).passed


@pytest.mark.parametrize("kwargs, hint", [
    ({"transpose": False}, "(out, in)"),
    ({"copy_bias": False}, "copy b into layer.bias"),
])
def test_linear_from_weights_mistakes_get_their_hint(kwargs, hint):
    feedback = neuron.check_linear_from_weights(lambda w, b: linear_from_weights(w, b, **kwargs))
    assert feedback.status == "fail" and hint in feedback.message


def test_linear_from_weights_stub_and_non_layer():
    assert neuron.check_linear_from_weights(stub).status == "todo"
    assert "nn.Linear" in neuron.check_linear_from_weights(lambda w, b: np.zeros(3)).message
