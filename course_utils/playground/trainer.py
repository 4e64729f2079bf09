"""The trainable state behind the playground: data, network, optimiser, epoch counter.

One :meth:`Trainer.step` is one epoch, as in the TensorFlow Playground: the
training points in a fresh random order, in mini-batches, one optimiser
update per batch. The network is the course's NumPy ``MLP`` (one output: a
logit for classification, the prediction for regression); the optimisers
are the scratch ``SGD`` and ``Adam``. Everything random comes from
``config.seed`` and ``config.data_seed``, so the same config trained for the
same number of epochs gives the same numbers, bit for bit.
"""

from __future__ import annotations

import numpy as np

from ..scratch.descent import diverging
from ..scratch.losses import mse, mse_grad
from ..scratch.mlp import MLP
from ..scratch.optim import SGD, Adam
from ..validation import check_int, check_type
from .config import Config, expand_features
from .data import make_dataset

__all__ = ["Trainer", "logistic_loss", "logistic_loss_grad", "MOMENTUM"]

MOMENTUM = 0.9


def logistic_loss(z: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy of logits z (N,) against labels y (N,) in {0, 1}, from the logits.

    mean(log(1 + e^z) − y z): equal to BCE(sigmoid(z), y) without computing
    sigmoid(z), so it stays finite where the probability rounds to 0 or 1.
    """
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def logistic_loss_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂L/∂z = (sigmoid(z) − y) / N, shape of z."""
    return (0.5 * (1.0 + np.tanh(0.5 * z)) - y) / z.size


def _data_key(config: Config) -> tuple:
    return config.dataset, config.n, config.noise, config.test_fraction, config.data_seed


# Steps a state string may ask to replay: ~2,300 steps/s for four layers of 8 on one core, so a few seconds.
MAX_REPLAY_STEPS = 20_000


class Trainer:
    """A network being trained on a configuration; ``step()`` trains one epoch.

    Attributes
    ----------
    config : Config
    data : the Dataset (raw inputs, for drawing); X_train, X_test : their features (N, len(features)).
    model : MLP; optimizer : SGD or Adam.
    epoch : epochs trained since the last restart.
    train_losses, test_losses : list of float, one entry per epoch, the start (epoch 0) first.
    diverged : None, or a sentence saying why training stopped.
    """

    def __init__(self, config: Config | None = None):
        self.config = check_type(config if config is not None else Config(), Config, "config", "a playground Config")
        self.data = make_dataset(self.config.dataset, self.config.n, self.config.noise,
                                 self.config.test_fraction, self.config.data_seed)
        self._data_key = _data_key(self.config)
        self.restart()

    # ----- what changes the state -----
    def restart(self) -> None:
        """The same initial weights again (from ``config.seed``), epoch 0."""
        c = self.config
        self.X_train = expand_features(self.data.X_train, c.features)
        self.X_test = expand_features(self.data.X_test, c.features)
        self.model = MLP(c.sizes, c.activation, seed=c.seed)
        params = self.model.parameters()
        if c.optimizer == "adam":
            self.optimizer = Adam(params, lr=c.lr)
        else:
            self.optimizer = SGD(params, lr=c.lr, momentum=MOMENTUM if c.optimizer == "momentum" else 0.0)
        self._weights = [p for p in params if p.data.ndim == 2]  # L2 acts on these, not on biases
        self._order_rng = np.random.default_rng([c.seed, 1])  # batch order: its own stream of the seed
        self.epoch = 0
        self.diverged = None
        self.train_losses, self.test_losses = [], []
        self._evaluate()

    def reset(self) -> None:
        """New initial weights: the seed moves on by one (so the run can still be repeated), epoch 0."""
        self.configure(self.config.replace(seed=self.config.seed + 1))

    def configure(self, config: Config) -> None:
        """Switch to another configuration (new data only when the data fields changed) and restart."""
        self.config = check_type(config, Config, "config", "a playground Config")
        if _data_key(config) != self._data_key:
            self.data = make_dataset(config.dataset, config.n, config.noise, config.test_fraction, config.data_seed)
            self._data_key = _data_key(config)
        self.restart()

    @property
    def steps_per_epoch(self) -> int:
        """Optimiser steps in one epoch: one per batch of the training points."""
        return -(-len(self.X_train) // self.config.batch_size)

    def check_replay(self, epochs: int) -> int:
        """``epochs`` when training that long stays within ``MAX_REPLAY_STEPS``; ValueError saying why otherwise.

        A state string is replayed by retraining it: batch 1 on the spiral, say, is 210
        steps an epoch, and 1,000 epochs of it took 90 s. The bound keeps a replay to seconds.
        """
        epochs = check_int(epochs, "epochs", minimum=0)
        steps = epochs * self.steps_per_epoch
        if steps > MAX_REPLAY_STEPS:
            raise ValueError(f"replaying {epochs:,} epochs of {self.steps_per_epoch} steps each ({steps:,} steps, "
                             f"batch size {self.config.batch_size}) would take more than a few seconds: "
                             f"at most {MAX_REPLAY_STEPS:,} steps are replayed; train fewer epochs or use "
                             f"a bigger batch")
        return epochs

    def step(self, epochs: int = 1) -> bool:
        """Train ``epochs`` epochs; stop early when training diverges. True if it did not diverge."""
        epochs = check_int(epochs, "epochs")
        for _ in range(epochs):
            if self.diverged:
                return False
            self._train_epoch()
            self.epoch += 1
            self._evaluate()
        return not self.diverged

    def _train_epoch(self) -> None:
        c, X, y = self.config, self.X_train, self.data.y_train
        order = self._order_rng.permutation(len(X))
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is caught by _evaluate
            for start in range(0, len(X), c.batch_size):
                batch = order[start:start + c.batch_size]
                if not self.compute_gradients(X[batch], y[batch]):
                    return
                self.optimizer.step()

    def compute_gradients(self, X: np.ndarray, y: np.ndarray) -> bool:
        """Fill every parameter's ``.grad`` with ∂/∂p of (data loss + λ/2 Σ‖W‖²) on the batch X (B, features), y (B,).

        Returns False (and leaves the gradients alone) when the network's output is NaN or inf.
        """
        out = self.model.forward(X)
        if not np.isfinite(out).all():
            return False
        self.model.zero_grad()
        self.model.backward(self._loss_grad(out, y), input_grad=False)
        if self.config.l2:
            for w in self._weights:
                w.grad += self.config.l2 * w.data  # the gradient of λ/2 ‖W‖²
        return True

    def _loss_grad(self, out: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.config.regression:
            return mse_grad(out, y[:, None])
        return logistic_loss_grad(out[:, 0], y)[:, None]

    def loss(self, out: np.ndarray, y: np.ndarray) -> float:
        """The data loss (without L2) of network outputs (N, 1) against targets (N,): MSE or logistic loss."""
        if not np.isfinite(out).all():
            return float("nan")
        if self.config.regression:
            return float(mse(out, y[:, None]))
        return logistic_loss(out[:, 0], y)

    def _evaluate(self) -> None:
        with np.errstate(over="ignore", invalid="ignore"):
            layers, out = self.walk(self.X_train)
            train = self.loss(out, self.data.y_train)
            test = self.loss(self.walk(self.X_test)[1], self.data.y_test)
        self.train_losses.append(train)
        self.test_losses.append(test)
        self._train_layers = layers
        if diverging(train, self.train_losses[0]):
            self.diverged = (f"diverged at epoch {self.epoch}: the training loss "
                             + ("became NaN or inf" if not np.isfinite(train) else
                                f"grew from {self.train_losses[0]:.3g} to {train:.3g}")
                             + f"; each step overshoots, try a smaller learning rate than {self.config.lr:g}.")

    # ----- what the pictures read -----
    def walk(self, X: np.ndarray) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Forward pass that keeps every hidden layer: ([(a, h) per hidden layer], output (N, 1)).

        a is the layer's pre-activation, h = f(a) its output, both (N, width).
        Reads the weights without touching the MLP's caches, so it can run between
        a forward and a backward pass.
        """
        layers, h = [], X
        linears = self.model.layers[0::2]
        activations = self.model.layers[1::2]
        for linear, act in zip(linears[:-1], activations):
            a = h @ linear.W.data + linear.b.data
            h = act.f(a, **act.kwargs)
            layers.append((a, h))
        return layers, h @ linears[-1].W.data + linears[-1].b.data

    def dead_layers(self) -> list[tuple[int, int]]:
        """(layer, dead neurons) for each hidden layer with a neuron whose gradient is 0 on every training point.

        Layers count from 1. A neuron is dead when f'(a) = 0 for all training
        inputs (a ReLU stuck below zero): no gradient flows through it, so it
        never learns again.
        """
        act = self.model.layers[1] if len(self.model.layers) > 1 else None
        out = []
        for i, (a, _) in enumerate(self._train_layers, start=1):
            with np.errstate(invalid="ignore"):
                dead = int((act.f_grad(a, **act.kwargs) == 0).all(axis=0).sum())
            if dead:
                out.append((i, dead))
        return out

    @property
    def num_parameters(self) -> int:
        return self.model.num_parameters()

    @property
    def weights(self) -> list[np.ndarray]:
        """The weight matrices W (fan_in, fan_out), input layer first (the network drawing's edges)."""
        return [layer.W.data for layer in self.model.layers[0::2]]
