"""Training the scratch MLP with mini-batches (notebook 06).

:func:`train_epoch` is the loop notebook 06 teaches, with NumPy arrays: one
pass over the training set in a fresh random order, in mini-batches. For
each batch B:

    logits = model.forward(X_B)                 (|B|, C)
    L      = cross_entropy(logits, y_B)         mean over the batch
    ∂L/∂logits = (softmax(logits) − onehot(y_B)) / |B|
    model.backward(∂L/∂logits);  optimizer.step()

:func:`train_mlp` runs it once per epoch with Adam and keeps the
bookkeeping around it: the checks, a progress bar, a validation pass after
each epoch and the :class:`~course_utils.history.History` of the numbers, as
``course_utils.training.fit`` does for PyTorch. For speed use a float32 model
(``MLP(sizes, dtype=np.float32)``): train_mlp converts X to the model's dtype
once, before the first epoch, and batches are gathered by index.
"""

import math
import time

import numpy as np
from tqdm.auto import tqdm

from ..history import History
from ..validation import check_class_data, check_finite, check_generator, check_int, check_type, is_torch_object
from .losses import cross_entropy, cross_entropy_and_grad
from .mlp import MLP
from .optim import Adam, Optimizer

__all__ = ["History", "Diverged", "train_epoch", "train_mlp", "accuracy"]


class Diverged(FloatingPointError):
    """Training stopped because the logits became NaN or inf: the weights are no longer usable."""

    def __init__(self, step, n_steps, epoch=None):
        self.step, self.n_steps, self.epoch = step, n_steps, epoch
        where = f"epoch {epoch}, " if epoch is not None else ""
        super().__init__(f"training diverged: the logits, and so the loss, were NaN or inf at {where}step {step} "
                         f"of {n_steps}; the weights are no longer usable. Lower the learning rate (lr), check the "
                         "inputs' scale, and start from a fresh model")


def train_epoch(model, optimizer, X, y, batch_size, rng):
    """One epoch of mini-batch training; returns the mean loss per example.

    That is (1/N) Σ_B |B| L_B: each batch's mean loss counts with its size, so a
    shorter last batch counts less (as ``course_utils.training.train_epoch``).

    model : MLP;  optimizer : SGD or Adam over ``model.parameters()``
    X : ndarray, shape (N, d);  y : ndarray of int, shape (N,)
    batch_size : int;  rng : numpy.random.Generator, which draws the shuffle
    Raises Diverged (a FloatingPointError) naming the step whose logits were NaN or inf.
    """
    X, y, batch_size = _check_epoch(model, optimizer, X, y, batch_size, rng)
    order = rng.permutation(len(X))  # a fresh random order every epoch
    n_steps = math.ceil(len(X) / batch_size)
    total = 0.0  # Σ_B |B| L_B
    for step, start in enumerate(range(0, len(X), batch_size), start=1):
        batch = order[start:start + batch_size]
        optimizer.zero_grad()
        logits = model.forward(X[batch])                          # forward
        if not np.isfinite(logits).all():                         # the weights blew up: stop here
            raise Diverged(step, n_steps)
        loss, dlogits = cross_entropy_and_grad(logits, y[batch])  # loss and ∂L/∂logits
        model.backward(dlogits, input_grad=False)                 # backward (∂L/∂X unused)
        optimizer.step()                                          # step
        total += float(loss) * len(batch)
    return total / len(X)


def train_mlp(model, X, y, *, epochs, lr=1e-3, batch_size=100, seed=0,
              X_val=None, y_val=None, progress=True):
    """Train a scratch :class:`MLP` classifier with Adam and cross-entropy.

    Parameters
    ----------
    model : MLP
        Trained in place; its last layer's width is the number of classes C.
    X : ndarray, shape (N, d)
        Training inputs (float32 for speed; converted to the model's dtype).
    y : ndarray of int, shape (N,)
        Class labels in 0..C−1.
    epochs : int
        Number of passes over the data.
    lr : float, default 1e-3
        Adam's learning rate.
    batch_size : int, default 100
    seed : int, default 0
        Seeds the shuffling (the weights were seeded when the model was built).
    X_val, y_val : ndarrays, optional
        Validation data, evaluated after every epoch (give both or neither).
    progress : bool, default True
        Show a ``tqdm.auto`` bar over the epochs.

    Returns
    -------
    History
        ``train_loss``, ``val_loss``, ``val_acc`` and ``seconds`` per epoch.

    Raises
    ------
    Diverged
        A FloatingPointError naming the epoch and step where the logits
        became NaN or inf (lower ``lr``).
    """
    X, y = _check_data(model, X, y, ("X", "y"))
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together (or both left out)")
    if X_val is not None:
        X_val, y_val = _check_data(model, X_val, y_val, ("X_val", "y_val"))
    epochs = check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    check_type(progress, bool, "progress", "True or False")
    optimizer = Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(check_int(seed, "seed", minimum=0))
    history = History()
    bar = tqdm(range(epochs), desc="scratch MLP", unit="epoch", disable=not progress)
    for epoch in bar:
        start = time.perf_counter()
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported by Diverged, not warned about
                history.train_loss.append(train_epoch(model, optimizer, X, y, batch_size, rng))
        except Diverged as err:
            raise Diverged(err.step, err.n_steps, epoch=epoch + 1) from None
        history.seconds.append(time.perf_counter() - start)
        status = {"loss": f"{history.train_loss[-1]:.4f}"}
        if X_val is not None:
            val_loss, val_acc = _evaluate(model, X_val, y_val)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
            status["val_acc"] = f"{val_acc:.4f}"
        bar.set_postfix(status)
    return history


def accuracy(model, X, y):
    """Fraction of rows of X (N, d) whose predicted class equals y (N,); a float in [0, 1].

    Raises ValueError when the model returns NaN or inf logits (diverged weights).
    """
    X, y = _check_data(model, X, y, ("X", "y"))
    return float(np.mean(model.predict(X) == y))


def _evaluate(model, X, y):
    """Mean cross-entropy and accuracy on checked data, from one forward pass."""
    logits = model.forward(X)
    return float(cross_entropy(logits, y)), float(np.mean(logits.argmax(axis=1) == y))


def _check_inputs(model, X, y, names):
    """X as an (N, d) float array, y as (N,) int64 labels in 0..C−1."""
    check_type(model, MLP, "model", "a scratch MLP")
    return check_class_data(X, y, model.sizes[-1], names, n_features=model.sizes[0])


def _check_data(model, X, y, names):
    """As :func:`_check_inputs`, X also finite and converted to the model's dtype."""
    X, y = _check_inputs(model, X, y, names)
    check_finite(X, names[0])
    dtype = model.parameters()[0].data.dtype
    with np.errstate(over="ignore"):
        converted = X.astype(dtype, copy=False)
    if not np.isfinite(converted).all():  # float64 values beyond float32's range
        raise ValueError(f"{names[0]} has values too large for the model's {dtype} (largest magnitude "
                         f"{np.abs(X).max():.3g}); rescale the inputs")
    return converted, y


def _check_epoch(model, optimizer, X, y, batch_size, rng):
    # X's values are checked batch by batch, by model.forward.
    X, y = _check_inputs(model, X, y, ("X", "y"))
    if is_torch_object(optimizer):
        raise TypeError(f"optimizer must be a scratch SGD or Adam, got torch's {type(optimizer).__name__}: "
                        "build it from the scratch model, scratch.Adam(model.parameters())")
    check_type(optimizer, Optimizer, "optimizer", "a scratch SGD or Adam")
    if not {id(p) for p in model.parameters()} <= {id(p) for p in optimizer.params}:
        raise ValueError("optimizer must update this model's parameters: build it from model.parameters()")
    check_generator(rng)
    return X, y, check_int(batch_size, "batch_size")
