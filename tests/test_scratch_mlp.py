"""scratch Linear / Activation / MLP against an equivalent torch model and finite differences."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils import scratch


class TorchStep(torch.autograd.Function):
    """Heaviside step with a zero derivative, like scratch.step_grad."""

    @staticmethod
    def forward(ctx, x):
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        return torch.zeros_like(grad_out)


TORCH_ACT = {
    "step": TorchStep.apply,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,
    "gelu": F.gelu,
    "silu": F.silu,
}


def torch_copy(model):
    """torch.nn.Linear layers holding the scratch model's weights (transposed: torch is (out, in))."""
    linears = []
    for layer in model.layers:
        if isinstance(layer, scratch.Linear):
            lin = torch.nn.Linear(layer.fan_in, layer.fan_out, dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(layer.W.data.T))
                lin.bias.copy_(torch.from_numpy(layer.b.data))
            linears.append(lin)
    return linears


def torch_forward(linears, activation, X):
    h = X
    for i, lin in enumerate(linears):
        h = lin(h)
        if i < len(linears) - 1:
            h = TORCH_ACT[activation](h)
    return h


@pytest.mark.parametrize("activation", sorted(scratch.ACTIVATIONS))
@pytest.mark.parametrize("sizes", [[3, 2], [4, 5, 3], [6, 8, 7, 4]])
def test_outputs_and_every_gradient_match_torch(sizes, activation, rng):
    model = scratch.MLP(sizes, activation=activation, seed=1)
    X = rng.normal(size=(9, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=9)

    logits = model.forward(X)
    model.zero_grad()
    dX = model.backward(scratch.cross_entropy_grad(logits, labels))

    linears = torch_copy(model)
    X_t = torch.tensor(X, requires_grad=True)
    logits_t = torch_forward(linears, activation, X_t)
    F.cross_entropy(logits_t, torch.from_numpy(labels)).backward()

    np.testing.assert_allclose(logits, logits_t.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dX, X_t.grad.numpy(), rtol=1e-10, atol=1e-15)
    torch_grads = [g for lin in linears for g in (lin.weight.grad.T, lin.bias.grad)]
    for p, g in zip(model.parameters(), torch_grads, strict=True):
        np.testing.assert_allclose(p.grad, g.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu", "silu", "relu"])
def test_parameter_gradients_match_finite_differences(activation, rng):
    model = scratch.MLP([3, 5, 4, 2], activation=activation, seed=3)
    X, labels = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)
    model.zero_grad()
    model.backward(scratch.cross_entropy_grad(model.forward(X), labels))
    loss = lambda _: scratch.cross_entropy(model.forward(X), labels)  # noqa: E731
    for p in model.parameters():
        assert scratch.gradient_check(loss, p.data, p.grad.copy()) < 1e-6


def test_parameters_are_weights_then_biases_in_layer_order():
    model = scratch.MLP([4, 3, 2])
    shapes = [p.shape for p in model.parameters()]
    assert shapes == [(4, 3), (3,), (3, 2), (2,)]
    assert model.layers[0].W is model.parameters()[0] and model.layers[2].b is model.parameters()[3]


def test_gradients_accumulate_until_zero_grad(rng):
    model = scratch.MLP([2, 3, 1], seed=0)
    X = rng.normal(size=(4, 2))
    model.forward(X)
    model.backward(np.ones((4, 1)))
    once = [p.grad.copy() for p in model.parameters()]
    model.backward(np.ones((4, 1)))
    for p, g in zip(model.parameters(), once):
        np.testing.assert_allclose(p.grad, 2 * g)
    model.zero_grad()
    assert all(not p.grad.any() for p in model.parameters())


def test_same_seed_same_weights_different_seed_different_weights():
    a, b, c = scratch.MLP([5, 4, 2], seed=7), scratch.MLP([5, 4, 2], seed=7), scratch.MLP([5, 4, 2], seed=8)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.parameters(), b.parameters()))
    assert not np.array_equal(a.parameters()[0].data, c.parameters()[0].data)


def test_linear_init_is_uniform_within_one_over_sqrt_fan_in():
    layer = scratch.Linear(400, 300, seed=0)
    bound = 1 / np.sqrt(400)
    for p in (layer.W, layer.b):
        assert np.abs(p.data).max() <= bound and np.abs(p.data).max() > 0.95 * bound
    assert layer.W.shape == (400, 300) and layer.b.shape == (300,)


def test_float32_model_keeps_float32_through_forward_and_backward(rng):
    model = scratch.MLP([4, 6, 3], activation="gelu", dtype=np.float32)
    X = rng.normal(size=(5, 4)).astype(np.float32)
    logits = model.forward(X)
    dX = model.backward(scratch.cross_entropy_grad(logits, np.array([0, 1, 2, 0, 1])))
    assert logits.dtype == dX.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_backward_can_skip_the_input_gradient(rng):
    model = scratch.MLP([3, 4, 2])
    model.forward(rng.normal(size=(2, 3)))
    assert model.backward(np.ones((2, 2)), input_grad=False) is None
    assert model.parameters()[0].grad.any()


def test_predict_returns_the_argmax_class(rng):
    model = scratch.MLP([3, 4, 5])
    X = rng.normal(size=(6, 3))
    np.testing.assert_array_equal(model.predict(X), model.forward(X).argmax(axis=1))


def test_backward_before_forward_is_a_runtime_error():
    with pytest.raises(RuntimeError, match="before forward"):
        scratch.MLP([2, 2]).backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="before forward"):
        scratch.Linear(2, 2).backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="before forward"):
        scratch.Activation("relu").backward(np.ones(2))


def test_wrong_input_width_names_X_and_the_expected_shape():
    with pytest.raises(ValueError, match=r"X must have shape \(N, 3\), got shape \(2, 4\)"):
        scratch.MLP([3, 2]).forward(np.ones((2, 4)))


def test_calling_a_layer_checks_its_input_then_runs_forward(rng):
    layer = scratch.Linear(3, 2, seed=0)
    x = rng.normal(size=(4, 3))
    np.testing.assert_array_equal(layer(x), layer.forward(x))
    with pytest.raises(ValueError, match=r"x must have shape \(N, 3\), got shape \(4, 2\)"):
        layer(np.ones((4, 2)))
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        scratch.Activation("tanh")(["a", "b"])


def test_nan_or_inf_in_X_is_rejected(rng):
    X = rng.normal(size=(3, 2))
    X[1, 0] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        scratch.MLP([2, 2]).forward(X)


def test_mismatched_dout_names_dout_and_its_shape(rng):
    model = scratch.MLP([2, 3, 2])
    model.forward(rng.normal(size=(4, 2)))
    with pytest.raises(ValueError, match=r"dout must have shape \(4, 2\), got shape \(3, 2\)"):
        model.backward(np.ones((3, 2)))


def test_bad_sizes_and_activation_names_are_reported():
    with pytest.raises(ValueError, match="unknown activation 'rleu'"):
        scratch.MLP([2, 2, 1], activation="rleu")
    with pytest.raises(ValueError, match="sizes must hold at least two"):
        scratch.MLP([3])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be >= 1, got 0"):
        scratch.MLP([3, 0, 1])
    with pytest.raises(TypeError, match=r"sizes\[0\] must be an int, got float"):
        scratch.MLP([2.5, 1])
    with pytest.raises(TypeError, match=r"activation .relu. takes no option\(s\) \[.slope.\]"):
        scratch.Activation("relu", slope=0.1)


def test_leaky_activation_layer_uses_its_slope():
    layer = scratch.Activation("leaky_relu", slope=0.5)
    np.testing.assert_allclose(layer.forward(np.array([-2.0, 2.0])), [-1.0, 2.0])
    np.testing.assert_allclose(layer.backward(np.ones(2)), [0.5, 1.0])
