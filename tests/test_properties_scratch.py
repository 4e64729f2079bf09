"""Properties of NumPy from scratch, checked against PyTorch on generated inputs.

Hypothesis draws shapes, a dtype (float32 or float64) and values, large
magnitudes included, and every scratch function must agree with
torch.nn.functional (values) and torch.autograd (gradients) to within the
rounding error of its dtype. Runs are derandomized, so CI sees the same
examples every time.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

torch = pytest.importorskip("torch")
import torch.nn.functional as F  # noqa: E402

from course_utils import scratch  # noqa: E402

pytestmark = pytest.mark.usefixtures("one_torch_thread")

FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

DTYPES = st.sampled_from([np.float32, np.float64])
# Relative tolerance per dtype: a few hundred units in the last place, room for a different summation order.
RTOL = {np.float32: 1e-4, np.float64: 1e-9}
# The largest magnitude drawn: large, yet its square or a sum of a few products stays finite.
HUGE = {np.float32: float(np.float32(1e30)), np.float64: 1e300}
MODERATE = {np.float32: float(np.float32(1e15)), np.float64: 1e100}

TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
    "gelu": F.gelu,
    "silu": F.silu,
}
MODULES = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "gelu": torch.nn.GELU, "silu": torch.nn.SiLU}


@st.composite
def arrays(draw, dtype, shape=None, bound=None, min_dims=1, max_dims=3):
    """An array of `dtype`, a drawn shape (or `shape`) and finite values in ±bound (HUGE by default)."""
    bound = HUGE[dtype] if bound is None else bound
    width = 32 if dtype == np.float32 else 64
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=5))
    elements = st.floats(-bound, bound, width=width, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return draw(hnp.arrays(dtype, shape, elements=elements))


def close(ours, theirs, dtype, scale=None, rtol=None):
    """assert_allclose with the dtype's rtol (or `rtol`); `scale` (a typical magnitude) sets the absolute floor."""
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    rtol = RTOL[dtype] if rtol is None else rtol
    atol = rtol * (1.0 if scale is None else max(float(scale), 1e-30))
    np.testing.assert_allclose(np.asarray(ours, dtype=np.float64), theirs.astype(np.float64), rtol=rtol, atol=atol)


def autograd(fn, *tensors):
    """Gradients of fn(*tensors).sum() with respect to each tensor (all copies, all requiring grad)."""
    leaves = [t.clone().requires_grad_() for t in tensors]
    fn(*leaves).sum().backward()
    return [leaf.grad for leaf in leaves]


# --- Activations and their derivatives --------------------------------------------------

@FAST
@given(data=st.data(), name=st.sampled_from(sorted(TORCH_ACTIVATIONS)), dtype=DTYPES)
def test_activation_matches_torch_and_keeps_dtype_and_shape(data, name, dtype):
    x = data.draw(arrays(dtype))
    f, _ = scratch.ACTIVATIONS[name]
    ours = f(x)
    assert ours.dtype == dtype and ours.shape == x.shape
    close(ours, TORCH_ACTIVATIONS[name](torch.from_numpy(x)), dtype)


@FAST
@given(data=st.data(), name=st.sampled_from(sorted(TORCH_ACTIVATIONS)), dtype=DTYPES)
def test_activation_derivative_matches_autograd(data, name, dtype):
    x = data.draw(arrays(dtype))
    _, f_grad = scratch.ACTIVATIONS[name]
    ours = f_grad(x)
    assert ours.dtype == dtype and ours.shape == x.shape
    (theirs,) = autograd(TORCH_ACTIVATIONS[name], torch.from_numpy(x))
    close(ours, theirs, dtype)


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_step_is_heaviside_with_zero_derivative(data, dtype):
    x = data.draw(arrays(dtype))
    close(scratch.step(x), torch.heaviside(torch.from_numpy(x), torch.zeros((), dtype=torch.from_numpy(x).dtype)),
          dtype)
    assert not scratch.step_grad(x).any()


@FAST
@given(data=st.data(), dtype=DTYPES, slope=st.floats(0.0, 1.0))
def test_leaky_relu_with_any_slope_matches_torch(data, dtype, slope):
    x = data.draw(arrays(dtype))
    close(scratch.leaky_relu(x, slope), F.leaky_relu(torch.from_numpy(x), slope), dtype)
    (theirs,) = autograd(lambda t: F.leaky_relu(t, slope), torch.from_numpy(x))
    close(scratch.leaky_relu_grad(x, slope), theirs, dtype)


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_activation_functions_never_modify_their_input(data, dtype):
    x = data.draw(arrays(dtype))
    before = x.copy()
    for f, f_grad in scratch.ACTIVATIONS.values():
        f(x), f_grad(x)
    np.testing.assert_array_equal(x, before)


# --- Softmax and losses ------------------------------------------------------------------

@FAST
@given(data=st.data(), dtype=DTYPES)
def test_softmax_and_log_softmax_match_torch_even_for_huge_logits(data, dtype):
    z = data.draw(arrays(dtype))
    p, log_p = scratch.softmax(z), scratch.log_softmax(z)
    assert p.dtype == log_p.dtype == dtype
    t = torch.from_numpy(z)
    close(p, torch.softmax(t, dim=-1), dtype)
    close(log_p, torch.log_softmax(t, dim=-1), dtype, scale=1.0)
    close(p.sum(axis=-1), np.ones(z.shape[:-1]), dtype)


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_mse_and_its_gradient_match_torch(data, dtype):
    y_hat = data.draw(arrays(dtype, bound=MODERATE[dtype]))
    y = data.draw(arrays(dtype, shape=y_hat.shape, bound=MODERATE[dtype]))
    t_hat, t = torch.from_numpy(y_hat), torch.from_numpy(y)
    close(scratch.mse(y_hat, y), F.mse_loss(t_hat, t), dtype)
    (theirs,) = autograd(lambda a: F.mse_loss(a, t), t_hat)
    close(scratch.mse_grad(y_hat, y), theirs, dtype, scale=RTOL[dtype] * np.abs(theirs.numpy()).max())


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_binary_cross_entropy_and_its_gradient_match_torch(data, dtype):
    p = data.draw(arrays(dtype, bound=1.0)).__abs__()
    y = data.draw(arrays(dtype, shape=p.shape, bound=1.0)).__abs__()
    t_p, t_y = torch.from_numpy(p), torch.from_numpy(y)
    close(scratch.binary_cross_entropy(p, y), F.binary_cross_entropy(t_p, t_y), dtype, scale=1.0)
    (theirs,) = autograd(lambda a: F.binary_cross_entropy(a, t_y), t_p)
    # At p = 0 or 1 both divide by a floor of 1e-12, which torch stores as a float32 (9.99999996e-13).
    close(scratch.binary_cross_entropy_grad(p, y), theirs, dtype, rtol=max(RTOL[dtype], 1e-8))


@st.composite
def logits_and_labels(draw, dtype, bound=None):
    """Logits (N, C) in ±bound and labels (N,) in 0..C-1."""
    n, c = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    logits = draw(arrays(dtype, shape=(n, c), bound=bound))
    labels = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=np.int64)
    return logits, labels


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_cross_entropy_and_its_gradient_match_torch(data, dtype):
    logits, labels = data.draw(logits_and_labels(dtype, bound=MODERATE[dtype]))
    t, t_labels = torch.from_numpy(logits), torch.from_numpy(labels)
    expected = F.cross_entropy(t, t_labels)
    (expected_grad,) = autograd(lambda a: F.cross_entropy(a, t_labels), t)
    scale = float(np.abs(logits).max())  # the loss is a difference of logits of this size
    close(scratch.cross_entropy(logits, labels), expected, dtype, scale=RTOL[dtype] * scale)
    close(scratch.cross_entropy_grad(logits, labels), expected_grad, dtype)
    loss, grad = scratch.cross_entropy_and_grad(logits, labels)
    close(loss, expected, dtype, scale=RTOL[dtype] * scale)
    close(grad, expected_grad, dtype)


# --- Linear and MLP: forward and backward ------------------------------------------------

@st.composite
def linear_case(draw, dtype):
    """A seeded Linear layer with an input batch and an upstream gradient of matching shapes."""
    n, fan_in, fan_out = draw(st.integers(1, 6)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    layer = scratch.Linear(fan_in, fan_out, seed=draw(st.integers(0, 2**16)), dtype=dtype)
    x = draw(arrays(dtype, shape=(n, fan_in), bound=MODERATE[dtype]))
    dout = draw(arrays(dtype, shape=(n, fan_out), bound=1e3))
    return layer, x, dout


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_linear_forward_and_backward_match_autograd(data, dtype):
    layer, x, dout = data.draw(linear_case(dtype))
    out = layer(x)
    dx = layer.backward(dout)
    t_x, t_W, t_b, t_dout = (torch.from_numpy(a) for a in (x, layer.W.data, layer.b.data, dout))
    close(out, t_x @ t_W + t_b, dtype, scale=(np.abs(x) @ np.abs(layer.W.data)).max())
    g_x, g_W, g_b = autograd(lambda a, W, b: (a @ W + b) * t_dout, t_x, t_W, t_b)
    close(dx, g_x, dtype, scale=(np.abs(dout) @ np.abs(layer.W.data.T)).max())
    close(layer.W.grad, g_W, dtype, scale=(np.abs(x.T) @ np.abs(dout)).max())
    close(layer.b.grad, g_b, dtype, scale=np.abs(dout).sum(axis=0).max())
    assert out.dtype == dx.dtype == layer.W.grad.dtype == dtype


def torch_twin(mlp):
    """A torch nn.Sequential with the scratch MLP's weights (torch stores W transposed)."""
    modules = []
    for layer in mlp.layers:
        if isinstance(layer, scratch.Linear):
            linear = torch.nn.Linear(layer.fan_in, layer.fan_out, dtype=torch.from_numpy(layer.W.data).dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.W.data.T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.b.data))
            modules.append(linear)
        else:
            modules.append(MODULES[layer.name]())
    return torch.nn.Sequential(*modules)


@FAST
@given(data=st.data(), dtype=DTYPES, activation=st.sampled_from(sorted(MODULES)),
       sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4), n=st.integers(1, 6))
def test_mlp_forward_and_backward_match_torch(data, dtype, activation, sizes, n):
    # Smooth activations only: at a ReLU kink one rounding of a pre-activation flips its derivative.
    mlp = scratch.MLP(sizes, activation=activation, seed=data.draw(st.integers(0, 2**16)), dtype=dtype)
    X = data.draw(arrays(dtype, shape=(n, sizes[0]), bound=10.0))
    dout = data.draw(arrays(dtype, shape=(n, sizes[-1]), bound=10.0))
    twin = torch_twin(mlp)
    t_X = torch.from_numpy(X).requires_grad_()
    logits = twin(t_X)
    (logits * torch.from_numpy(dout)).sum().backward()
    close(mlp.forward(X), logits, dtype, scale=1.0)
    close(mlp.backward(dout), t_X.grad, dtype, scale=10.0)
    torch_grads = [g for linear in twin if isinstance(linear, torch.nn.Linear)
                   for g in (linear.weight.grad.T, linear.bias.grad)]
    for ours, theirs in zip(mlp.parameters(), torch_grads):
        close(ours.grad, theirs, dtype, scale=100.0)


@FAST
@given(data=st.data(), dtype=DTYPES)
def test_linear_gradient_ignores_later_changes_to_the_input(data, dtype):
    layer, x, dout = data.draw(linear_case(dtype))
    expected = x.T.astype(np.float64) @ dout.astype(np.float64)
    layer.forward(x)
    x[...] = 7.0
    layer.backward(dout)
    close(layer.W.grad, expected, dtype, scale=(np.abs(expected)).max())


# --- Finite differences -------------------------------------------------------------------

@FAST
@given(data=st.data())
def test_numerical_gradient_matches_autograd_and_restores_x(data):
    x = data.draw(arrays(np.float64, bound=10.0))
    before = x.copy()
    grad = scratch.numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    (theirs,) = autograd(lambda t: torch.sin(t) * t, torch.from_numpy(before))
    close(grad, theirs, np.float64, scale=10.0, rtol=1e-7)  # rounding: about 1e-16 · |f| / eps
    np.testing.assert_array_equal(x, before)
