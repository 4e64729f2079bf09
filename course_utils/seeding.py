"""One call that makes a notebook's random numbers repeatable, and its speed steady.

Notebooks call ``set_seed(0)`` once, in their first code cell. Everything in
the package that draws random numbers also takes its own ``seed``/``rng``
argument, so results never depend on the order in which cells ran.

``set_seed`` also pins the CPU threads: torch's and those of NumPy's BLAS
(OpenBLAS, or MKL), through threadpoolctl. The course's matrices are small, and
on a machine where anything else holds a core, threaded BLAS made them many
times slower (one scratch MNIST epoch 15 s with the BLAS's own threads, 0.3 s
with one). Pinning here, not in the Makefile's environment, makes a lesson as
fast launched from Colab, a hub or a plain ``jupyter lab`` as from ``make``.
``$COURSE_THREADS`` asks for another count (``tools/output_spread.py`` uses it
to see which printed numbers move with the thread count).
"""

from __future__ import annotations

import os
import random
import sys

import numpy as np

from .validation import check_int

THREADS_ENV = "COURSE_THREADS"
_blas_limiter = None  # threadpoolctl's handle on the BLAS threads, kept so the limit stays in force


def default_threads() -> int:
    """The thread count ``set_seed`` pins: ``$COURSE_THREADS`` when set, else 1."""
    value = os.environ.get(THREADS_ENV)
    if value is None or value.strip() == "":
        return 1
    try:
        threads = int(value)
    except ValueError:
        raise ValueError(f"{THREADS_ENV} must be a whole number of threads >= 1, got {value!r}") from None
    if threads < 1:
        raise ValueError(f"{THREADS_ENV} must be a whole number of threads >= 1, got {value!r}")
    return threads


def pin_threads(threads: int | None = None) -> int:
    """Use ``threads`` CPU threads in torch and in every BLAS loaded (default: ``default_threads()``).

    Returns the count pinned. torch is only touched when it is already imported,
    so a NumPy-only caller stays free of its import time.
    """
    global _blas_limiter
    threads = default_threads() if threads is None else check_int(threads, "threads", 1)
    from threadpoolctl import threadpool_limits

    _blas_limiter = threadpool_limits(limits=threads, user_api="blas")
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)
    return threads


def blas_threads() -> dict[str, int]:
    """The BLAS libraries loaded in this process and the threads each uses: {"openblas (numpy, Haswell)": 1, ...}."""
    from threadpoolctl import threadpool_info

    found = {}
    for lib in threadpool_info():
        if lib.get("user_api") == "blas":
            owner = [package for package in ("numpy", "torch") if package in lib.get("filepath", "")][:1]
            kernel = lib.get("architecture") or "kernel unknown"
            found[f"{lib['internal_api']} ({', '.join([*owner, kernel])})"] = lib["num_threads"]
    return found


def set_seed(seed: int) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global generator and PyTorch; pin the CPU threads.

    torch and the BLAS behind NumPy get one thread (``$COURSE_THREADS`` for
    another count): runs are then bit-identical from run to run on one machine,
    and on a shared 2-core machine one thread is also the fast, stable choice.

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
    pin_threads()
    return np.random.default_rng(seed)
