"""Shared pytest fixtures (keep this small: one fixture per real need)."""

import os

import numpy as np
import pytest


@pytest.fixture(autouse=True, scope="session")
def _progress_in_tmp(tmp_path_factory):
    """Exercise checks record progress (course_utils.progress): in pytest's tmp folder, never beside the notebooks.

    Session-wide (Hypothesis refuses function-scoped fixtures); a test about progress sets its own file.
    """
    previous = os.environ.get("COURSE_PROGRESS_FILE")
    os.environ["COURSE_PROGRESS_FILE"] = str(tmp_path_factory.mktemp("progress") / "progress.json")
    yield
    if previous is None:
        os.environ.pop("COURSE_PROGRESS_FILE", None)
    else:
        os.environ["COURSE_PROGRESS_FILE"] = previous


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """NumPy's BLAS on one thread for the whole run, as set_seed gives the notebooks.

    The unit tests' matrices are small; with another process on a core (the other pytest
    worker), threaded OpenBLAS made them many times slower.
    """
    from course_utils.seeding import pin_threads

    pin_threads(1)
    yield


@pytest.fixture
def rng():
    """A fresh seeded NumPy generator: every test sees the same random numbers."""
    return np.random.default_rng(1234)


@pytest.fixture
def one_torch_thread():
    """One torch thread, as set_seed gives the notebooks: two threads on a busy 2-core machine are many times slower."""
    import torch  # here, not at the top: most tests never need torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
