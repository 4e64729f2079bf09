"""The notebook 07 checks pass the reference solutions and name typical mistakes."""

import pytest

from course_utils.checks import depth


def count_parameters(in_features, out_features, depth_, width):
    return (in_features + 1) * width + (depth_ - 1) * (width + 1) * width + (width + 1) * out_features


def width_for_budget(depth_, budget):
    width = 1
    while count_parameters(1, 1, depth_, width + 1) <= budget:
        width += 1
    return width


def stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check, solution", [
    (depth.check_count_parameters, count_parameters),
    (depth.check_width_for_budget, width_for_budget),
])
def test_reference_solution_passes_and_stub_is_not_done(check, solution):
    assert check(solution).passed
    assert check(stub).status == "todo"


@pytest.mark.parametrize("mistake, hint", [
    (lambda i, o, d, w: i * w + (d - 1) * w * w + w * o, "biases are missing"),
    (lambda i, o, d, w: count_parameters(i, o, d + 1, w), "one hidden-to-hidden layer too many"),
    (lambda i, o, d, w: (i + 1) * w + (d - 1) * (w + 1) * w, "output layer is missing"),
])
def test_count_check_names_the_mistake(mistake, hint):
    feedback = depth.check_count_parameters(mistake)
    assert feedback.status == "fail" and hint in feedback.message


@pytest.mark.parametrize("mistake, hint", [
    (lambda d, b: width_for_budget(d, b) + 1, "over the budget"),
    (lambda d, b: width_for_budget(d, b) - 1, "one unit too narrow"),
])
def test_width_check_names_the_mistake(mistake, hint):
    feedback = depth.check_width_for_budget(mistake)
    assert feedback.status == "fail" and hint in feedback.message
