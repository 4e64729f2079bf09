"""Shared pytest fixtures (keep this small: one fixture per real need)."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A fresh seeded NumPy generator: every test sees the same random numbers."""
    return np.random.default_rng(1234)
