"""set_seed: one call makes Python, NumPy and PyTorch repeatable."""

import random

import numpy as np
import pytest
import torch

from course_utils.device import default_device, resolve_device
from threadpoolctl import threadpool_info, threadpool_limits

from course_utils.seeding import blas_threads, pin_threads, set_seed


def _draw():
    return random.random(), np.random.rand(3).tolist(), torch.rand(3).tolist()


def test_same_seed_repeats_python_numpy_and_torch_draws():
    set_seed(7)
    first = _draw()
    set_seed(7)
    assert _draw() == first
    set_seed(8)
    assert _draw() != first


def test_returned_generator_is_seeded_with_the_seed():
    rng = set_seed(5)
    assert isinstance(rng, np.random.Generator)
    np.testing.assert_array_equal(rng.random(4), np.random.default_rng(5).random(4))


def _blas_thread_counts():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_set_seed_pins_torch_and_numpys_blas_to_one_thread():
    torch.set_num_threads(2)
    threadpool_limits(limits=2, user_api="blas")
    set_seed(0)
    assert torch.get_num_threads() == 1
    assert _blas_thread_counts() and set(_blas_thread_counts()) == {1}


def test_course_threads_in_the_environment_sets_another_count(monkeypatch):
    monkeypatch.setenv("COURSE_THREADS", "2")
    try:
        set_seed(0)
        assert torch.get_num_threads() == 2 and set(_blas_thread_counts()) == {2}
    finally:
        monkeypatch.delenv("COURSE_THREADS")
        set_seed(0)
    assert torch.get_num_threads() == 1


@pytest.mark.parametrize("value", ["0", "two", "1.5", "-3"])
def test_a_bad_course_threads_is_refused_naming_the_variable_and_the_value(monkeypatch, value):
    monkeypatch.setenv("COURSE_THREADS", value)
    with pytest.raises(ValueError, match=f"COURSE_THREADS must be a whole number of threads >= 1, got '{value}'"):
        set_seed(0)


def test_blas_threads_lists_numpys_blas_with_its_kernel():
    pin_threads(1)
    found = blas_threads()
    assert any("(numpy, " in name for name in found) and set(found.values()) == {1}


@pytest.mark.parametrize("threads, error", [(0, ValueError), (1.0, TypeError)])
def test_pin_threads_refuses_a_bad_count_with_its_name(threads, error):
    with pytest.raises(error, match="threads must"):
        pin_threads(threads)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_bad_seed_is_rejected_with_its_name(seed, error):
    with pytest.raises(error, match="seed must"):
        set_seed(seed)


def test_default_device_is_cuda_exactly_when_cuda_is_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert default_device().type == expected


def test_resolve_device_accepts_none_names_and_devices():
    assert resolve_device(None) == default_device()
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device(torch.device("cpu")) == torch.device("cpu")


@pytest.mark.parametrize("device, error", [("gpu0", ValueError), (3.0, TypeError)])
def test_resolve_device_rejects_bad_devices(device, error):
    with pytest.raises(error, match="device must"):
        resolve_device(device)
