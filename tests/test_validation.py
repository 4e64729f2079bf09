"""course_utils.validation: bad input gives TypeError/ValueError naming the argument."""

import numpy as np
import pytest

from course_utils.validation import (
    check_class_data,
    as_float_array,
    check_seeds,
    check_finite,
    check_float_dtype,
    check_labels,
    check_positive,
    check_real,
    is_torch_object,
)


def test_float32_and_float64_arrays_pass_through_without_a_copy():
    for dtype in (np.float32, np.float64):
        x = np.ones((3, 2), dtype=dtype)
        assert as_float_array(x, "x") is x


def test_integers_lists_and_booleans_become_float64():
    assert as_float_array([1, 2], "x").dtype == np.float64
    assert as_float_array(np.array([True, False]), "x").dtype == np.float64


@pytest.mark.parametrize("bad", ["abc", [1j, 2], [object(), 1]])
def test_non_numbers_raise_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="weights"):
        as_float_array(bad, "weights")


def test_ragged_lists_raise_value_error_naming_the_argument():
    with pytest.raises(ValueError, match="X"):
        as_float_array([[1, 2], [3]], "X")


def test_wrong_ndim_names_argument_and_expected_dimensions():
    with pytest.raises(ValueError, match=r"X must have 2 dimension.*\(5,\)"):
        as_float_array(np.zeros(5), "X", ndim=2)


def test_wrong_shape_names_argument_and_expected_shape():
    with pytest.raises(ValueError, match=r"X must have shape \(N, 784\), got shape \(3, 10\)"):
        as_float_array(np.zeros((3, 10)), "X", shape=(None, 784))
    assert as_float_array(np.zeros((3, 784)), "X", shape=(None, 784)).shape == (3, 784)


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_are_rejected_with_their_index(bad_value):
    x = np.zeros((2, 3))
    x[1, 2] = bad_value
    with pytest.raises(ValueError, match=r"X must contain only finite.*index \(1, 2\)"):
        check_finite(x, "X")
    with pytest.raises(ValueError, match="X must contain only finite"):
        as_float_array(x, "X", finite=True)


def test_finite_input_is_returned_unchanged():
    x = np.arange(4.0)
    assert check_finite(x, "x") is x


def test_mismatched_lengths_name_both_arguments_and_sizes():
    with pytest.raises(ValueError, match=r"X and y .*X has 3, y has 2"):
        check_class_data(np.zeros((3, 2)), np.zeros(2, dtype=int), 2)
    check_class_data(np.zeros((2, 2)), np.zeros(2, dtype=int), 2)  # equal: no error


def test_labels_are_returned_as_int64():
    out = check_labels(np.array([0, 2, 1], dtype=np.int32), 3)
    assert out.dtype == np.int64 and out.tolist() == [0, 2, 1]


def test_float_labels_raise_type_error_naming_the_argument():
    with pytest.raises(TypeError, match="targets must be integer class indices"):
        check_labels(np.array([0.0, 1.0]), 2, name="targets")


@pytest.mark.parametrize("bad", [[0, 3], [-1, 0]])
def test_labels_out_of_range_name_the_argument_and_the_range(bad):
    with pytest.raises(ValueError, match=r"labels must lie in 0..2"):
        check_labels(np.array(bad), 3)


@pytest.mark.parametrize("value", [0, -1e-3, np.nan, np.inf])
def test_non_positive_or_non_finite_values_raise_value_error(value):
    with pytest.raises(ValueError, match="lr must be a positive"):
        check_positive(value, "lr")


@pytest.mark.parametrize("value", ["0.1", None, True])
def test_non_numbers_raise_type_error_for_positive_check(value):
    with pytest.raises(TypeError, match="lr must be a positive number"):
        check_positive(value, "lr")


def test_positive_numbers_come_back_as_float():
    assert check_positive(np.float32(0.5), "lr") == 0.5
    assert isinstance(check_positive(3, "epochs"), float)


def test_a_nan_scalar_is_rejected_too():
    with pytest.raises(ValueError, match=r"lr must contain only finite.*index \(\)"):
        check_finite(np.float64("nan"), "lr")


def test_tensor_that_requires_grad_raises_type_error_naming_the_argument():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="z must be convertible to a NumPy array.*detach"):
        as_float_array(torch.ones(2, requires_grad=True), "z")


@pytest.mark.parametrize("check, value, error, message", [
    ("check_real", "0.1", TypeError, "slope must be a real number, got str"),
    ("check_real", True, TypeError, "slope must be a real number, got bool"),
    ("check_fraction", 1.0, ValueError, r"slope must lie in \[0, 1\), got 1.0"),
    ("check_fraction", None, TypeError, r"slope must be a number in \[0, 1\), got NoneType"),
    ("check_generator", 0, TypeError, "slope must be a numpy.random.Generator, got int"),
])
def test_number_and_generator_checks_name_the_argument(check, value, error, message):
    from course_utils import validation

    with pytest.raises(error, match=message):
        getattr(validation, check)(value, "slope")


def test_check_callable_says_what_the_callable_should_return():
    from course_utils.validation import check_callable

    assert check_callable(len, "f", "a number") is len
    with pytest.raises(TypeError, match="f must be a callable returning a number, got float"):
        check_callable(1.5, "f", "a number")


def test_checks_pass_good_values_through():
    from course_utils.validation import check_fraction, check_generator

    rng = np.random.default_rng(0)
    assert check_real(np.float32(0.5), "x") == 0.5 and check_fraction(0, "m") == 0.0
    assert check_generator(rng) is rng


def test_check_type_names_the_argument_and_the_expected_kind():
    from course_utils.validation import check_type

    assert check_type(3, int, "n", "an int") == 3
    with pytest.raises(TypeError, match="model must be a scratch MLP, got str"):
        check_type("mlp", int, "model", "a scratch MLP")


def test_check_same_shape_refuses_broadcasting_and_empty_arrays():
    from course_utils.validation import check_same_shape

    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape, got y_hat \(3, 1\) and y \(3,\)"):
        check_same_shape(np.zeros((3, 1)), np.zeros(3), ("y_hat", "y"))
    with pytest.raises(ValueError, match="y_hat must not be empty"):
        check_same_shape([], [], ("y_hat", "y"))


def test_check_probabilities_refuses_values_outside_zero_one_and_nan():
    from course_utils.validation import check_probabilities

    check_probabilities(np.array([0.0, 0.5, 1.0]), "p")
    for bad in ([1.5], [np.nan]):
        with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
            check_probabilities(np.array(bad), "p")


@pytest.mark.parametrize("X, y, error, message", [
    (np.ones((3, 4)), [0, 1, 1], ValueError, r"X must have shape \(N, 2\), got shape \(3, 4\)"),
    (np.ones((0, 2)), [], ValueError, "X must have at least one row and one column"),
    (np.ones((3, 2)), [0, 1], ValueError, "X and y must have the same number of samples"),
    (np.ones((3, 2)), [[0], [1], [1]], ValueError, r"y must have shape \(N,\) = \(3,\), got shape \(3, 1\)"),
    (np.ones((3, 2)), [0, 1, 3], ValueError, r"y must lie in 0..2"),
    (np.ones((3, 2)), [0.0, 1.0, 1.0], TypeError, "y must be integer class indices"),
])
def test_check_class_data_names_the_argument_and_what_was_expected(X, y, error, message):
    from course_utils.validation import check_class_data

    with pytest.raises(error, match=message):
        check_class_data(X, y, 3, n_features=2)


def test_check_class_data_returns_float_inputs_and_int64_labels():
    from course_utils.validation import check_class_data

    X, y = check_class_data([[1, 2], [3, 4]], np.array([0, 1], dtype=np.int8), 2)
    assert X.dtype == np.float64 and y.dtype == np.int64 and X.shape == (2, 2)


def test_check_int_returns_a_plain_int_for_numpy_integers():
    from course_utils.validation import check_int

    value = check_int(np.int64(5), "epochs")
    assert value == 5 and type(value) is int


@pytest.mark.parametrize("value, error, message", [
    (True, TypeError, "epochs must be an int, got bool"),
    (3.0, TypeError, "epochs must be an int, got float"),
    ("3", TypeError, "epochs must be an int, got str"),
    (0, ValueError, "epochs must be >= 1, got 0"),
])
def test_check_int_names_the_argument_and_what_was_expected(value, error, message):
    from course_utils.validation import check_int

    with pytest.raises(error, match=message):
        check_int(value, "epochs")


def test_check_int_takes_a_minimum():
    from course_utils.validation import check_int

    assert check_int(0, "seed", minimum=0) == 0
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        check_int(-1, "seed", minimum=0)


def test_whole_float_labels_are_accepted_only_when_asked():
    assert check_labels(np.array([0.0, 1.0]), 2, "y", whole_floats=True).tolist() == [0, 1]
    assert check_labels(np.array([0.0, 1.0]), 2, "y", whole_floats=True).dtype == np.int64
    with pytest.raises(ValueError, match=r"y must be class labels 0..1 \(whole numbers\), found 0.5"):
        check_labels(np.array([0.0, 0.5]), 2, "y", whole_floats=True)
    with pytest.raises(ValueError, match="found nan"):
        check_labels(np.array([np.nan]), 2, "y", whole_floats=True)
    with pytest.raises(ValueError, match=r"y must lie in 0..1 \(n_classes=2\), found 2"):
        check_labels(np.array([2.0]), 2, "y", whole_floats=True)
    with pytest.raises(TypeError, match="y must be integer class indices"):
        check_labels(np.array([1.0]), 2, "y")


def test_check_real_can_refuse_nan_and_inf():
    assert check_real(float("inf"), "slope") == float("inf")
    with pytest.raises(ValueError, match="slope must be a finite number, got nan"):
        check_real(float("nan"), "slope", finite=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, "float32", np.dtype("float64")])
def test_check_float_dtype_takes_float32_and_float64_in_any_spelling(dtype):
    assert check_float_dtype(dtype) in (np.float32, np.float64)


@pytest.mark.parametrize("dtype, message", [
    (np.int32, "dtype must be np.float32 or np.float64 (a network needs floating-point weights), got int32"),
    (np.float16, "got float16"),
    (bool, "got bool"),
    ("banana", "got 'banana'"),
])
def test_check_float_dtype_names_what_came(dtype, message):
    with pytest.raises(TypeError) as caught:
        check_float_dtype(dtype)
    assert message in str(caught.value)


def test_is_torch_object_recognises_torch_without_importing_it_for_numpy():
    torch = pytest.importorskip("torch")
    assert is_torch_object(torch.zeros(1)) and is_torch_object(torch.nn.Linear(1, 1))
    assert not is_torch_object(np.zeros(1)) and not is_torch_object([1.0])


@pytest.mark.parametrize("seeds, error, match", [
    ((), ValueError, "at least one seed"),
    ((1, 1), ValueError, "different from each other"),
    ("012", TypeError, "sequence of ints"),
    ((0, -1), ValueError, "each seed"),
    ((0, 2**63), ValueError, "< 2\\*\\*63"),
])
def test_check_seeds_names_what_is_wrong_with_the_seeds(seeds, error, match):
    with pytest.raises(error, match=match):
        check_seeds(seeds)


def test_check_seeds_gives_a_tuple_of_ints():
    assert check_seeds(iter([2, 0, 1])) == (2, 0, 1)
