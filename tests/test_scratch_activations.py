"""scratch.activations against torch.nn.functional / torch.autograd and finite differences."""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils import scratch
from course_utils.scratch.gradcheck import numerical_gradient

# name -> the same function in PyTorch
TORCH = {
    "step": lambda t: torch.heaviside(t, torch.zeros_like(t)),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,  # default negative_slope=0.01, as ours
    "gelu": F.gelu,  # default approximate="none": the erf form
    "silu": F.silu,
}
NAMES = sorted(TORCH)
DIFFERENTIABLE = [n for n in NAMES if n != "step"]


def torch_value_and_grad(name, x, **kwargs):
    t = torch.tensor(x, requires_grad=True)
    out = TORCH[name](t, **kwargs)
    if name == "step":
        return out.detach().numpy(), np.zeros_like(x)
    out.sum().backward()  # elementwise f: d(sum f)/dx_i = f'(x_i)
    return out.detach().numpy(), t.grad.numpy()


def test_registry_holds_exactly_the_course_activations():
    assert sorted(scratch.ACTIVATIONS) == NAMES
    for name, (f, f_grad) in scratch.ACTIVATIONS.items():
        assert f is getattr(scratch, name) and f_grad is getattr(scratch, name + "_grad")


@pytest.mark.parametrize("name", NAMES)
def test_activation_and_derivative_match_torch_in_float64(name, rng):
    x = rng.normal(scale=3.0, size=(7, 5))
    x[0, :3] = [0.0, 1e-3, -1e-3]  # around the kinks
    f, f_grad = scratch.ACTIVATIONS[name]
    want, want_grad = torch_value_and_grad(name, x)
    np.testing.assert_allclose(f(x), want, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(f_grad(x), want_grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("slope", [0.0, 0.2, 1.5])
def test_leaky_relu_slope_keyword_matches_torch_negative_slope(slope, rng):
    x = rng.normal(size=50)
    want, want_grad = torch_value_and_grad("leaky_relu", x, negative_slope=slope)
    np.testing.assert_allclose(scratch.leaky_relu(x, slope=slope), want, rtol=1e-15)
    np.testing.assert_allclose(scratch.leaky_relu_grad(x, slope=slope), want_grad, rtol=1e-15)


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_derivative_matches_finite_differences(name, rng):
    f, f_grad = scratch.ACTIVATIONS[name]
    x = rng.normal(scale=2.0, size=(4, 3))
    numeric = numerical_gradient(lambda v: f(v).sum(), x)
    np.testing.assert_allclose(f_grad(x), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_float32_in_gives_float32_out_close_to_float64(name, rng):
    x = rng.normal(size=20)
    f, f_grad = scratch.ACTIVATIONS[name]
    for g in (f, f_grad):
        out32 = g(x.astype(np.float32))
        assert out32.dtype == np.float32 and out32.shape == x.shape
        np.testing.assert_allclose(out32, g(x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_inputs_stay_finite_without_warnings(name, dtype):
    x = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4], dtype=dtype)
    f, f_grad = scratch.ACTIVATIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, grad = f(x), f_grad(x)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))
    want, want_grad = torch_value_and_grad(name, x.astype(np.float64))
    np.testing.assert_allclose(out, want, rtol=1e-6)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-6, atol=1e-30)


def test_sigmoid_saturates_exactly_at_plus_minus_1e4():
    assert scratch.sigmoid(np.array(1e4)) == 1.0
    assert scratch.sigmoid(np.array(-1e4)) == 0.0


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero():
    x = np.linspace(-10, 10, 2001)
    grad = scratch.sigmoid_grad(x)
    assert grad.max() == pytest.approx(0.25) and x[grad.argmax()] == 0.0


def test_scalars_give_scalars():
    for f, f_grad in scratch.ACTIVATIONS.values():
        assert np.ndim(f(0.5)) == 0 and np.ndim(f_grad(0.5)) == 0


def test_unknown_activation_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'relu6'.*'sigmoid'"):
        scratch.get_activation("relu6")
    with pytest.raises(TypeError, match="activation must be a name"):
        scratch.get_activation(None)


def test_non_numeric_input_raises_type_error_naming_x():
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        scratch.relu("1.0")


def test_non_numeric_slope_raises_type_error_naming_slope():
    with pytest.raises(TypeError, match="slope must be a real number"):
        scratch.leaky_relu(np.ones(3), slope="0.1")
