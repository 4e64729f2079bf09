"""scratch.gradcheck: central differences and the relative-error check."""

import numpy as np
import pytest

from course_utils.scratch import gradient_check, numerical_gradient


def test_central_difference_of_a_cubic_is_accurate(rng):
    x = rng.normal(size=(3, 4))
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8, atol=1e-8)  # error ~ ε² f'''/6


def test_x_is_restored_after_perturbing_it_in_place(rng):
    x = rng.normal(size=10)
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, before)


def test_f_may_read_the_perturbed_array_from_elsewhere(rng):
    params = {"W": rng.normal(size=(2, 3))}
    grad = numerical_gradient(lambda _: np.sum(params["W"] ** 2), params["W"])
    np.testing.assert_allclose(grad, 2 * params["W"], rtol=1e-9)


def test_lists_are_accepted():
    np.testing.assert_allclose(numerical_gradient(lambda v: v @ v, [1.0, -2.0]), [2.0, -4.0])


def test_gradient_check_is_tiny_for_a_right_gradient_and_large_for_a_wrong_one(rng):
    x = rng.normal(size=(5,))
    f = lambda v: np.sum(np.exp(v))  # noqa: E731
    assert gradient_check(f, x, np.exp(x)) < 1e-8
    assert gradient_check(f, x, 1.01 * np.exp(x)) == pytest.approx(0.01 / 1.01, rel=1e-4)


def test_zero_gradients_on_both_sides_count_as_agreeing():
    x = np.array([-1.0, -2.0])
    assert gradient_check(lambda v: np.sum(np.maximum(v, 0)), x, np.zeros(2)) == 0.0


def test_bad_arguments_name_themselves():
    with pytest.raises(TypeError, match="f must be a callable"):
        numerical_gradient(3.0, np.ones(2))
    with pytest.raises(ValueError, match="eps must be a positive"):
        numerical_gradient(np.sum, np.ones(2), eps=0)
    with pytest.raises(ValueError, match=r"analytic_grad must have the shape of x \(2,\)"):
        gradient_check(np.sum, np.ones(2), np.ones(3))
