"""One call that makes a notebook's random numbers repeatable.

Notebooks call ``set_seed(0)`` once, in their first code cell. Everything in
the package that draws random numbers also takes its own ``seed``/``rng``
argument, so results never depend on the order in which cells ran.
"""

from __future__ import annotations

import random

import numpy as np

from .validation import check_int


def set_seed(seed: int) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global generator and PyTorch.

    Also pins PyTorch to one CPU thread: results are then bit-identical from
    run to run, so the numbers printed in a notebook stay the same (and on a
    shared 2-core machine one thread is also the stable choice for speed).

    seed : int >= 0
    Returns a fresh ``numpy.random.Generator`` seeded with ``seed``: pass it
    on as ``rng`` instead of using NumPy's global state.
    """
    seed = check_int(seed, "seed", 0)
    if seed >= 2**32:  # NumPy's global generator takes 32-bit seeds
        raise ValueError(f"seed must be < 2**32, got {seed}")
    import torch  # imported here so that `import course_utils.seeding` stays cheap

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds the CPU and every CUDA device
    torch.set_num_threads(1)
    return np.random.default_rng(seed)
