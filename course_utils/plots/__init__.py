"""Matplotlib helpers the notebooks call: one module per notebook topic (``plots.descent``, ``plots.mnist``, ...)."""
