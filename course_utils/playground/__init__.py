"""The playground: watch the course's NumPy network learn, live, in the notebook.

- ``data``: the data sets (circle, xor, gauss, spiral; sin and composed regressions)
- ``config``: :class:`Config`, everything that decides a run, and the input features
- ``trainer``: :class:`Trainer`, the network, optimiser and epoch counter
- ``render``: PNG straight from NumPy arrays, network and loss curves as SVG
- ``presets``: configurations that open with a sentence of why
- ``state``: the state string to copy, paste and grade
- ``widget``: :class:`Playground`, the widget around all of it

    from course_utils.playground import Playground
    pg = Playground(preset="xor")     # last expression of a cell: the widget shows
"""

from .config import Config
from .presets import PRESETS
from .state import decode_state, encode_state
from .trainer import Trainer
from .widget import Playground

__all__ = ["Playground", "Config", "Trainer", "PRESETS", "encode_state", "decode_state"]
