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
