"""scratch.losses against torch.nn.functional / torch.autograd and finite differences."""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils import scratch
from course_utils.scratch.gradcheck import numerical_gradient


def torch_loss_and_grad(loss_fn, first, *rest):
    t = torch.tensor(first, requires_grad=True)
    loss = loss_fn(t, *(torch.tensor(r) for r in rest))
    loss.backward()
    return loss.item(), t.grad.numpy()


@pytest.mark.parametrize("shape", [(5,), (4, 6), (2, 3, 7)])
def test_softmax_and_log_softmax_match_torch_on_the_last_axis(shape, rng):
    z = rng.normal(scale=4.0, size=shape)
    np.testing.assert_allclose(scratch.softmax(z), F.softmax(torch.tensor(z), -1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        scratch.log_softmax(z), F.log_softmax(torch.tensor(z), -1).numpy(), rtol=1e-12, atol=1e-14
    )
    np.testing.assert_allclose(scratch.softmax(z).sum(axis=-1), 1.0, rtol=1e-14)


def test_mse_and_gradient_match_torch(rng):
    y_hat, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    loss, grad = torch_loss_and_grad(F.mse_loss, y_hat, y)
    assert scratch.mse(y_hat, y) == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(scratch.mse_grad(y_hat, y), grad, rtol=1e-13)


def test_binary_cross_entropy_and_gradient_match_torch(rng):
    p = rng.uniform(0.01, 0.99, size=(10, 2))
    y = rng.integers(0, 2, size=(10, 2)).astype(np.float64)
    loss, grad = torch_loss_and_grad(F.binary_cross_entropy, p, y)
    assert scratch.binary_cross_entropy(p, y) == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(scratch.binary_cross_entropy_grad(p, y), grad, rtol=1e-12)


def test_binary_cross_entropy_clamps_like_torch_at_p_zero_and_one():
    p, y = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    loss, grad = torch_loss_and_grad(F.binary_cross_entropy, p, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scratch.binary_cross_entropy(p, y) == pytest.approx(loss)  # 50: two logs at -100
        np.testing.assert_allclose(scratch.binary_cross_entropy_grad(p, y), grad)


@pytest.mark.parametrize("n, c", [(1, 2), (7, 10), (32, 3)])
def test_cross_entropy_and_gradient_match_torch(n, c, rng):
    logits = rng.normal(scale=3.0, size=(n, c))
    labels = rng.integers(0, c, size=n)
    loss, grad = torch_loss_and_grad(F.cross_entropy, logits, labels)
    assert scratch.cross_entropy(logits, labels) == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(scratch.cross_entropy_grad(logits, labels), grad, rtol=1e-12, atol=1e-16)
    fused_loss, fused_grad = scratch.cross_entropy_and_grad(logits, labels)
    assert fused_loss == pytest.approx(loss, rel=1e-13)
    np.testing.assert_allclose(fused_grad, grad, rtol=1e-12, atol=1e-16)


def test_loss_gradients_match_finite_differences(rng):
    y_hat, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    p, t = rng.uniform(0.05, 0.95, size=6), rng.uniform(0, 1, size=6)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    cases = [
        (lambda v: scratch.mse(v, y), y_hat, scratch.mse_grad(y_hat, y)),
        (lambda v: scratch.binary_cross_entropy(v, t), p, scratch.binary_cross_entropy_grad(p, t)),
        (lambda v: scratch.cross_entropy(v, labels), logits, scratch.cross_entropy_grad(logits, labels)),
    ]
    for f, x, analytic in cases:
        np.testing.assert_allclose(analytic, numerical_gradient(f, x), rtol=1e-6, atol=1e-10)


def test_softmax_log_softmax_and_cross_entropy_are_exact_at_plus_minus_1e4():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1.0]])
    labels = np.array([1, 2])
    t = torch.tensor(logits)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs, log_p = scratch.softmax(logits), scratch.log_softmax(logits)
        loss, grad = scratch.cross_entropy(logits, labels), scratch.cross_entropy_grad(logits, labels)
    for out in (probs, log_p, loss, grad):
        assert np.all(np.isfinite(out))
    np.testing.assert_allclose(probs, F.softmax(t, -1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(log_p, F.log_softmax(t, -1).numpy(), rtol=1e-12)
    torch_loss, torch_grad = torch_loss_and_grad(F.cross_entropy, logits, labels)
    assert loss == pytest.approx(torch_loss, rel=1e-12)  # about 1e4 / 2
    np.testing.assert_allclose(grad, torch_grad, rtol=1e-12)


def test_float32_is_preserved(rng):
    z = rng.normal(size=(3, 4)).astype(np.float32)
    labels = np.array([0, 3, 1])
    assert scratch.softmax(z).dtype == np.float32 and scratch.log_softmax(z).dtype == np.float32
    assert scratch.cross_entropy_grad(z, labels).dtype == np.float32
    assert scratch.mse_grad(z, z).dtype == np.float32


def test_shape_mismatch_names_both_arguments():
    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape.*\(3, 1\).*\(3,\)"):
        scratch.mse(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="p and y must have the same shape"):
        scratch.binary_cross_entropy_grad(np.full(2, 0.5), np.zeros(3))


def test_probabilities_outside_zero_one_are_rejected():
    with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
        scratch.binary_cross_entropy(np.array([1.5, 0.2]), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=r"y must hold targets in \[0, 1\]"):
        scratch.binary_cross_entropy(np.array([0.5]), np.array([2.0]))
    with pytest.raises(ValueError, match=r"y must contain only finite numbers"):
        scratch.binary_cross_entropy(np.array([0.5]), np.array([np.nan]))


def test_cross_entropy_bad_labels_and_shapes_name_the_argument():
    logits = np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"labels must lie in 0..2"):
        scratch.cross_entropy(logits, np.array([0, 1, 2, 3]))
    with pytest.raises(TypeError, match="labels must be integer class indices"):
        scratch.cross_entropy_grad(logits, np.array([0.0, 1.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels must have shape \(N,\) = \(4,\), got shape \(2, 2\)"):
        scratch.cross_entropy(logits, np.array([[0, 1], [1, 0]]))
    with pytest.raises(ValueError, match="logits and labels must have the same number of samples"):
        scratch.cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(ValueError, match="logits must have 2 dimension"):
        scratch.cross_entropy(np.zeros(3), np.array([0]))
