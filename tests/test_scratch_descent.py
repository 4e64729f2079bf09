"""scratch.gradient_descent: the path on a known quadratic, divergence, bad input."""

import numpy as np
import pytest
import torch

from course_utils import scratch

CURVATURES = np.array([1.0, 10.0])  # L(p) = ½ (p1² + 10 p2²): a long, narrow valley
P0 = np.array([-2.0, 1.0])


def bowl(p):
    return 0.5 * float(np.sum(CURVATURES * p**2)), CURVATURES * p


def test_path_on_a_quadratic_is_the_closed_form():
    # Along each axis a step multiplies p by (1 − η λ): after k steps p_k = (1 − η λ)^k p0.
    run = scratch.gradient_descent(bowl, P0, lr=0.15, num_steps=12)
    k = np.arange(13)[:, None]
    np.testing.assert_allclose(run.path, (1 - 0.15 * CURVATURES) ** k * P0, rtol=1e-12)
    np.testing.assert_allclose(run.losses, [bowl(p)[0] for p in run.path])
    assert run.diverged_at is None


def test_path_equals_torch_sgd():
    p = torch.tensor(P0, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.05)
    torch_path = [p.detach().clone()]
    for _ in range(20):
        optimizer.zero_grad()
        (0.5 * torch.sum(torch.tensor(CURVATURES) * p**2)).backward()
        optimizer.step()
        torch_path.append(p.detach().clone())
    run = scratch.gradient_descent(bowl, P0, lr=0.05, num_steps=20)
    np.testing.assert_allclose(run.path, torch.stack(torch_path).numpy(), rtol=1e-12)


def test_rate_above_two_over_the_curvature_diverges_and_the_run_stops_there():
    run = scratch.gradient_descent(bowl, P0, lr=0.25, num_steps=200)  # 2/10 = 0.2
    assert run.diverged_at is not None and run.diverged_at < 200
    assert len(run.path) == len(run.losses) == run.diverged_at + 1  # the jump that gave it away is kept
    assert run.losses[-1] > scratch.descent.BLOWUP * run.losses[0] > run.losses[-2]
    assert np.all(np.isfinite(run.path))


def test_rate_just_below_two_over_the_curvature_converges():
    run = scratch.gradient_descent(bowl, P0, lr=0.199, num_steps=500)
    assert run.diverged_at is None and run.losses[-1] < 1e-3 * run.losses[0]


def test_nan_loss_stops_the_run_without_warnings():
    run = scratch.gradient_descent(lambda p: (float("nan") if p.any() else 1.0, np.ones(2)),
                                   np.zeros(2), 0.1, 10)
    assert run.diverged_at == 1 and len(run.losses) == len(run.path) == 1


def test_without_blowup_every_step_is_taken():
    run = scratch.gradient_descent(bowl, P0, lr=0.25, num_steps=40, blowup=None)
    assert run.diverged_at is None and len(run.path) == 41
    assert np.all(np.diff(np.abs(run.path[:, 1])) > 0)  # |p2| grows by |1 − 2.5| every step


def test_start_is_left_unchanged_and_float32_stays_float32():
    p0 = P0.astype(np.float32)
    run = scratch.gradient_descent(lambda p: (float(p @ p), 2 * p), p0, lr=0.1, num_steps=3)
    np.testing.assert_array_equal(p0, P0)
    assert run.path.dtype == np.float32


def test_zero_steps_give_the_start_alone():
    run = scratch.gradient_descent(bowl, P0, lr=0.1, num_steps=0)
    np.testing.assert_array_equal(run.path, [P0])
    assert run.losses.tolist() == [bowl(P0)[0]]


def test_scalar_parameter_gives_a_flat_path():
    run = scratch.gradient_descent(lambda p: (p**2, 2 * p), 1.0, lr=0.25, num_steps=3)
    np.testing.assert_allclose(run.path, [1.0, 0.5, 0.25, 0.125])


def valley(p):
    """A curved, non-quadratic valley (Rosenbrock with a = 1, b = 10): minimum 0 at (1, 1)."""
    x, y = p
    loss = (1 - x) ** 2 + 10 * (y - x**2) ** 2
    return float(loss), np.array([-2 * (1 - x) - 40 * x * (y - x**2), 20 * (y - x**2)])


def torch_bowl(p):
    return 0.5 * torch.sum(torch.tensor(CURVATURES) * p**2)


def torch_valley(p):
    return (1 - p[0]) ** 2 + 10 * (p[1] - p[0] ** 2) ** 2


TORCH_OPTIMIZERS = {
    "sgd": lambda params, lr: torch.optim.SGD(params, lr=lr),
    "momentum": lambda params, lr: torch.optim.SGD(params, lr=lr, momentum=0.9),
    "adam": lambda params, lr: torch.optim.Adam(params, lr=lr),
}


def torch_path(loss_fn, p0, optimizer, lr, num_steps):
    """The points torch.optim visits from p0, float64, shape (num_steps + 1, 2)."""
    p = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    opt = TORCH_OPTIMIZERS[optimizer]([p], lr)
    path = [p.detach().clone()]
    for _ in range(num_steps):
        opt.zero_grad()
        loss_fn(p).backward()
        opt.step()
        path.append(p.detach().clone())
    return torch.stack(path).numpy()


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("surface, torch_surface, p0, lr", [
    (bowl, torch_bowl, P0, 0.05),
    (valley, torch_valley, np.array([-1.0, 1.5]), 0.01),
])
def test_each_optimizer_takes_the_steps_of_torch_optim(optimizer, surface, torch_surface, p0, lr):
    run = scratch.gradient_descent(surface, p0, lr, 60, optimizer=optimizer)
    assert run.diverged_at is None and np.all(np.isfinite(run.path))
    np.testing.assert_allclose(run.path, torch_path(torch_surface, p0, optimizer, lr, 60), rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.losses, [surface(p)[0] for p in run.path], rtol=1e-12)


def test_momentum_and_adam_settings_reach_the_update():
    p = torch.tensor(P0, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.1, betas=(0.5, 0.9), eps=1e-3)
    for _ in range(15):
        opt.zero_grad()
        torch_bowl(p).backward()
        opt.step()
    run = scratch.gradient_descent(bowl, P0, 0.1, 15, optimizer="adam", betas=(0.5, 0.9), eps=1e-3)
    np.testing.assert_allclose(run.path[-1], p.detach().numpy(), rtol=0, atol=1e-12)
    # heavy ball with μ = 0.5 on one axis: v_k = λ p_{k−1} + μ v_{k−1}, p_k = p_{k−1} − η v_k
    run = scratch.gradient_descent(lambda p: (0.5 * float(p @ p), p), np.array([1.0]), 0.1, 2,
                                   optimizer="momentum", momentum=0.5)
    np.testing.assert_allclose(run.path[:, 0], [1.0, 0.9, 0.9 - 0.1 * (0.9 + 0.5 * 1.0)], rtol=1e-14)


def test_sgd_by_name_is_the_default():
    np.testing.assert_array_equal(scratch.gradient_descent(bowl, P0, 0.1, 10).path,
                                  scratch.gradient_descent(bowl, P0, 0.1, 10, optimizer="sgd").path)


def test_momentum_crosses_the_narrow_valley_faster_than_plain_steps_at_the_same_rate():
    # η = 0.01: the flat direction (λ = 1) shrinks by 0.99 a step alone; momentum ≈ 10 × faster
    plain = scratch.gradient_descent(bowl, P0, 0.01, 300)
    heavy = scratch.gradient_descent(bowl, P0, 0.01, 300, optimizer="momentum")
    assert heavy.losses[-1] < 1e-3 < plain.losses[-1]


def test_momentum_is_stable_up_to_two_times_one_plus_mu_over_the_curvature():
    limit = 2 * (1 + 0.9) / CURVATURES.max()  # 0.38 on the bowl
    below = scratch.gradient_descent(bowl, P0, 0.98 * limit, 3000, optimizer="momentum")
    above = scratch.gradient_descent(bowl, P0, 1.02 * limit, 3000, optimizer="momentum")
    assert below.diverged_at is None and below.losses[-1] < 1e-6 * below.losses[0]
    assert above.diverged_at is not None


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_every_optimizer_reports_divergence_and_keeps_the_start(optimizer):
    # Adam's first steps are about η long whatever the gradient: η = 50 throws p ~50 away
    run = scratch.gradient_descent(bowl, P0, 50.0, 200, optimizer=optimizer)
    assert run.diverged_at is not None
    assert np.all(np.isfinite(run.path)) and len(run.path) == len(run.losses)
    np.testing.assert_array_equal(run.path[0], P0)


def test_the_function_cannot_change_the_recorded_path():
    def meddling(p):
        loss, grad = bowl(p)
        p[...] = 99.0  # a careless loss_and_grad writes into its argument
        return loss, grad
    p0 = P0.copy()
    run = scratch.gradient_descent(meddling, p0, 0.1, 3, optimizer="momentum")
    assert not np.any(run.path == 99.0)
    np.testing.assert_array_equal(p0, P0)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(loss_and_grad="bowl"), TypeError, "loss_and_grad must be a callable returning"),
    (dict(lr=0.0), ValueError, "lr must be a positive"),
    (dict(num_steps=2.0), TypeError, "num_steps must be an int, got float"),
    (dict(num_steps=-1), ValueError, "num_steps must be >= 0, got -1"),
    (dict(p0=np.array([np.nan, 1.0])), ValueError, "p0 must contain only finite numbers"),
    (dict(loss_and_grad=lambda p: p @ p), TypeError, r"must return a pair \(loss, gradient\)"),
    (dict(loss_and_grad=lambda p: (1.0, np.ones(3))), ValueError,
     r"gradient returned by loss_and_grad must have the shape of p0 \(2,\), got \(3,\)"),
    (dict(blowup=1.0), ValueError, "blowup must be a factor above 1"),
    (dict(optimizer="Adam"), ValueError, r"optimizer must be one of \['sgd', 'momentum', 'adam'\], got 'Adam'"),
    (dict(optimizer=None), TypeError, "optimizer must be one of .*, got NoneType"),
    (dict(optimizer="momentum", momentum=1.0), ValueError, r"momentum must lie in \[0, 1\)"),
    (dict(optimizer="adam", eps=0.0), ValueError, "eps must be a positive"),
])
def test_bad_input_is_named_with_what_was_expected(kwargs, error, message):
    arguments = dict(loss_and_grad=bowl, p0=P0, lr=0.1, num_steps=5) | kwargs
    with pytest.raises(error, match=message):
        scratch.gradient_descent(**arguments)


def test_parameters_round_trip_through_one_vector():
    model = scratch.MLP([3, 4, 2], seed=0)
    params = model.parameters()
    vector = scratch.parameters_to_vector(params)
    assert vector.shape == (model.num_parameters(),)
    scratch.vector_to_parameters(np.arange(vector.size, dtype=float), params)
    np.testing.assert_array_equal(params[0].data.ravel(), np.arange(12))
    np.testing.assert_array_equal(params[-1].data, [24, 25])
    with pytest.raises(ValueError, match=r"vector must have shape \(26,\), .* got shape \(25,\)"):
        scratch.vector_to_parameters(vector[:-1], params)
