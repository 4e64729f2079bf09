"""Shared pytest fixtures (keep this small: one fixture per real need)."""

import numpy as np
import pytest


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
