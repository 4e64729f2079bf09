"""One playground configuration: the data, the input features, the network and its training.

A :class:`Config` is plain data (every field a number, a string or a tuple),
checked when it is made, so a configuration read back from a state string is
exactly as safe as one typed in. ``expand_features`` turns raw inputs into
the chosen features (x₁², x₁x₂, sin x₁, ..., as the TensorFlow Playground).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..scratch.activations import ACTIVATIONS
from ..validation import check_int, check_real
from .data import DATASETS, REGRESSION

__all__ = ["Config", "Setting", "SETTINGS", "FEATURES", "FEATURES_1D", "OPTIMIZERS", "MAX_LAYERS", "MAX_WIDTH",
           "L2_CHOICES", "BATCH_CHOICES", "LR_RANGE", "expand_features"]

MAX_LAYERS = 4  # hidden layers
MAX_WIDTH = 8  # neurons per hidden layer
LR_RANGE = (1e-4, 10.0)
L2_CHOICES = (0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1)
BATCH_CHOICES = (1, 5, 10, 20, 30, 50, 100)
OPTIMIZERS = ("sgd", "momentum", "adam")  # momentum: SGD with μ = 0.9
MAX_POINTS = 1000  # the playground redraws every frame: a few hundred points are plenty

# name -> feature of the inputs X (N, 2): what the network sees instead of X.
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
FEATURES_1D = ("x1", "x1^2", "sin(x1)")  # the ones a 1-D regression input has


def expand_features(X: np.ndarray, features) -> np.ndarray:
    """The chosen features of inputs X: (N, d) -> (N, len(features)), in the order given."""
    return np.column_stack([FEATURES[name](X) for name in features])


@dataclass(frozen=True)
class Setting:
    """One scalar field of a :class:`Config`: what it holds and the values it may take.

    kind : str (one of ``options``), int or float. low, high : the range (high None: no bound above).
    why : said after a value over ``high``.
    """

    name: str
    kind: type
    options: tuple = ()
    low: float | None = None
    high: float | None = None
    why: str = ""

    def checked(self, value):
        """``value`` normalised (an int as int, a real as float), or a ValueError/TypeError naming the field."""
        if self.kind is str:
            return _choice(value, self.name, self.options)
        if self.kind is int:
            number = check_int(value, self.name, minimum=self.low)
            if self.high is not None and number > self.high:
                raise ValueError(f"{self.name} must be at most {self.high}{self.why}, got {number}")
            return number
        number = check_real(value, self.name, finite=True)
        if not self.low <= number <= self.high:
            raise ValueError(f"{self.name} must lie in [{self.low:g}, {self.high:g}], got {number}")
        return number


# One row per scalar setting (TensorFlow Playground's State.PROPS); features and hidden are tuples, checked apart.
SETTINGS = (
    Setting("dataset", str, tuple(DATASETS)),
    Setting("n", int, low=4, high=MAX_POINTS, why=" (the playground redraws every frame)"),
    Setting("noise", float, low=0.0, high=1.0),
    Setting("test_fraction", float, low=0.1, high=0.9),
    Setting("data_seed", int, low=0, high=2**32 - 1, why=" (numpy's seeds are 32-bit)"),
    Setting("activation", str, tuple(ACTIVATIONS)),
    Setting("lr", float, low=LR_RANGE[0], high=LR_RANGE[1]),
    Setting("optimizer", str, OPTIMIZERS),
    Setting("batch_size", int, low=1),
    Setting("l2", float, low=0.0, high=1.0),
    Setting("seed", int, low=0, high=2**32 - 1, why=" (numpy's seeds are 32-bit)"),
)


def _choice(value, name, options):
    if not isinstance(value, str):  # a list would not even hash: say which field, and what it takes
        raise TypeError(f"{name} must be one of {list(options)} (a str), got {type(value).__name__} {value!r}")
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


@dataclass(frozen=True)
class Config:
    """Everything that decides a run: train a fresh network with it for ``epochs`` and you get the same numbers.

    dataset, n, noise, test_fraction, data_seed : the data (see ``make_dataset``).
    features : names from ``FEATURES`` (from ``FEATURES_1D`` for a regression), at least one.
    hidden : widths of the hidden layers, 0 to 4 layers of 1 to 8 neurons.
    activation : a name from the scratch ``ACTIVATIONS`` registry.
    lr : learning rate in ``LR_RANGE``; optimizer : "sgd", "momentum" (μ = 0.9) or "adam".
    batch_size : points per update (the last batch of an epoch may be smaller).
    l2 : L2 strength λ >= 0 (λ·W is added to each weight gradient, biases excluded).
    seed : seed of the initial weights and of the batch order.
    """

    dataset: str = "circle"
    n: int = 300
    noise: float = 0.1
    test_fraction: float = 0.3
    data_seed: int = 0
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    lr: float = 0.03
    optimizer: str = "sgd"
    batch_size: int = 10
    l2: float = 0.0
    seed: int = 0

    def __post_init__(self):
        # Store the normalised values (ints as int, tuples as tuples): equal configs compare equal.
        for setting in SETTINGS:
            object.__setattr__(self, setting.name, setting.checked(getattr(self, setting.name)))
        if isinstance(self.features, str) or not isinstance(self.features, (tuple, list)):
            raise TypeError(f"features must be a tuple of feature names such as ('x1', 'x2'), "
                            f"got {type(self.features).__name__}")
        allowed = FEATURES_1D if self.dataset in REGRESSION else tuple(FEATURES)
        features = tuple(_choice(f, "each feature", allowed) for f in self.features)
        if not features or len(set(features)) != len(features):
            raise ValueError(f"features must name at least one feature, each once, got {features}")
        if isinstance(self.hidden, str) or not isinstance(self.hidden, (tuple, list)):
            raise TypeError(f"hidden must be a tuple of layer widths such as (4, 2), got {type(self.hidden).__name__}")
        hidden = tuple(check_int(w, "each hidden width") for w in self.hidden)
        if len(hidden) > MAX_LAYERS or any(w > MAX_WIDTH for w in hidden):
            raise ValueError(f"hidden must hold 0 to {MAX_LAYERS} layers of 1 to {MAX_WIDTH} neurons, got {hidden}")
        object.__setattr__(self, "features", features)
        object.__setattr__(self, "hidden", hidden)

    @property
    def regression(self) -> bool:
        return self.dataset in REGRESSION

    @property
    def sizes(self) -> list[int]:
        """Layer widths of the network, input first: [features, *hidden, 1]."""
        return [len(self.features), *self.hidden, 1]

    def replace(self, **changes) -> "Config":
        """A copy with some fields changed (checked again)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict:
        """Plain data (tuples as lists), ready for JSON."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
        """The inverse of ``as_dict``; unknown keys are refused."""
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict of config fields, got {type(data).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown config field(s) {unknown}; expected some of {sorted(known)}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})
