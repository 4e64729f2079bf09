"""course_utils: the package behind the neural-network course.

Import what a notebook needs from its submodule, for example::

    from course_utils import scratch          # NumPy from scratch (no torch)
    from course_utils.training import fit     # PyTorch training loop

Importing ``course_utils`` itself is cheap: PyTorch is only imported by the
modules that need it (models, training, mnist, ...).
"""

__version__ = "0.1.0"
