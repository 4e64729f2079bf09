"""scratch SGD / momentum / Adam take the same steps as torch.optim."""

import numpy as np
import pytest
import torch

from course_utils import scratch

SHAPES = [(4, 3), (3,), (2, 5)]


def run_both(make_scratch, make_torch, rng, n_steps=6):
    """Apply the same random gradients to scratch and torch parameters; return both."""
    start = [rng.normal(size=s) for s in SHAPES]
    ours = [scratch.Parameter(a.copy()) for a in start]
    theirs = [torch.tensor(a.copy(), requires_grad=True) for a in start]
    opt, topt = make_scratch(ours), make_torch(theirs)
    for _ in range(n_steps):
        for p, t in zip(ours, theirs):
            g = rng.normal(size=p.shape)
            p.grad[...] = g
            t.grad = torch.tensor(g)
        opt.step()
        topt.step()
    return ours, theirs


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_matches_torch_for_several_steps(momentum, rng):
    ours, theirs = run_both(
        lambda ps: scratch.SGD(ps, lr=0.1, momentum=momentum),
        lambda ts: torch.optim.SGD(ts, lr=0.1, momentum=momentum),
        rng,
    )
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("lr, betas, eps", [(1e-3, (0.9, 0.999), 1e-8), (0.05, (0.8, 0.95), 1e-6)])
def test_adam_matches_torch_for_several_steps(lr, betas, eps, rng):
    ours, theirs = run_both(
        lambda ps: scratch.Adam(ps, lr=lr, betas=betas, eps=eps),
        lambda ts: torch.optim.Adam(ts, lr=lr, betas=betas, eps=eps),
        rng,
        n_steps=10,
    )
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-12, atol=1e-15)


def test_adam_first_step_moves_each_entry_by_about_lr():
    p = scratch.Parameter(np.zeros(3))
    p.grad[...] = [1e-6, 2.0, -300.0]  # bias correction makes |step| ≈ lr whatever |g|
    scratch.Adam([p], lr=0.01).step()
    np.testing.assert_allclose(p.data, [-0.01, -0.01, 0.01], rtol=1e-2)


def test_float32_parameters_stay_float32():
    p = scratch.Parameter(np.ones(4, dtype=np.float32))
    p.grad[...] = 0.5
    for opt in (scratch.Adam([p]), scratch.SGD([p], lr=0.1, momentum=0.5)):
        opt.step()
        opt.step()
    assert p.data.dtype == np.float32 and p.grad.dtype == np.float32


def test_zero_grad_clears_every_parameter():
    ps = [scratch.Parameter(np.ones(2)), scratch.Parameter(np.ones((2, 2)))]
    for p in ps:
        p.grad += 3.0
    scratch.SGD(ps, lr=1.0).zero_grad()
    assert all(not p.grad.any() for p in ps)


def test_mlp_trained_with_adam_fits_a_tiny_problem(rng):
    X = rng.normal(size=(64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)  # XOR of the signs: needs the hidden layer
    model = scratch.MLP([2, 16, 2], activation="tanh", seed=0)
    opt = scratch.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        opt.zero_grad()
        model.backward(scratch.cross_entropy_grad(model.forward(X), y))
        opt.step()
    assert (model.predict(X) == y).mean() > 0.95


@pytest.mark.parametrize("lr", [0, -0.1, float("nan")])
@pytest.mark.parametrize("cls", [scratch.SGD, scratch.Adam])
def test_non_positive_learning_rate_is_a_value_error_naming_lr(cls, lr):
    with pytest.raises(ValueError, match="lr must be a positive"):
        cls([scratch.Parameter(np.ones(2))], lr=lr)


def test_bad_optimizer_arguments_name_themselves():
    p = scratch.Parameter(np.ones(2))
    with pytest.raises(TypeError, match=r"params\[0\] must be a scratch Parameter"):
        scratch.SGD([np.ones(2)], lr=0.1)
    with pytest.raises(ValueError, match="params must hold at least one Parameter"):
        scratch.Adam([], lr=0.1)
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\)"):
        scratch.SGD([p], lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match=r"betas\[1\] must lie in \[0, 1\)"):
        scratch.Adam([p], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="eps must be a positive"):
        scratch.Adam([p], eps=0.0)
