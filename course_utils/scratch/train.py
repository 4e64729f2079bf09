"""Training the scratch MLP with mini-batches and Adam (notebook 06).

One epoch = one pass over the training set in a fresh random order, in
mini-batches of ``batch_size``. For each batch B:

    logits = model.forward(X_B)                 (|B|, C)
    L      = cross_entropy(logits, y_B)         mean over the batch
    ∂L/∂logits = (softmax(logits) − onehot(y_B)) / |B|
    model.backward(∂L/∂logits);  Adam step on every parameter

The same loop as ``course_utils.training.fit`` for PyTorch, so notebook 06 can
compare the two on accuracy and time. For speed use a float32 model
(``MLP(sizes, dtype=np.float32)``): X is converted to the model's dtype once,
before the first epoch, and batches are gathered by index, never copied twice.
"""

import numbers
import time

import numpy as np
from tqdm.auto import tqdm

from ..history import History
from ..validation import as_float_array, check_labels, check_positive, check_same_length
from .losses import cross_entropy, cross_entropy_and_grad
from .mlp import MLP
from .optim import Adam

__all__ = ["History", "train_mlp", "accuracy"]


def _check_count(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__}")
    check_positive(value, name)
    return int(value)


def _check_data(model, X, y, names):
    """X as an (N, d) finite array of the model's dtype, y as (N,) int64 labels."""
    x_name, y_name = names
    dtype = model.parameters()[0].data.dtype
    X = as_float_array(X, x_name, shape=(None, model.sizes[0]), finite=True)
    X = X.astype(dtype, copy=False)  # one conversion up front, none per batch
    y = check_labels(y, model.sizes[-1], y_name)
    if y.ndim != 1:
        raise ValueError(f"{y_name} must have shape (N,), got shape {y.shape}")
    check_same_length(x_name, X, y_name, y)
    return X, y


def accuracy(model, X, y):
    """Fraction of rows of X (N, d) whose predicted class equals y (N,); a float in [0, 1]."""
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a scratch MLP, got {type(model).__name__}")
    X, y = _check_data(model, X, y, ("X", "y"))
    return float(np.mean(model.predict(X) == y))


def _run_epoch(model, optimizer, X, y, batch_size, rng):
    """One shuffled pass over (X, y); returns the mean batch loss."""
    order = rng.permutation(len(X))
    total, n_batches = 0.0, 0
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        optimizer.zero_grad()
        loss, dlogits = cross_entropy_and_grad(model.forward(X[idx]), y[idx])
        model.backward(dlogits, input_grad=False)  # nobody needs ∂L/∂X here
        optimizer.step()
        total += float(loss)
        n_batches += 1
    return total / n_batches


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
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a scratch MLP, got {type(model).__name__}")
    X, y = _check_data(model, X, y, ("X", "y"))
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val must be given together (or both left out)")
    if X_val is not None:
        X_val, y_val = _check_data(model, X_val, y_val, ("X_val", "y_val"))
    epochs = _check_count(epochs, "epochs")
    batch_size = _check_count(batch_size, "batch_size")
    optimizer = Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    history = History()
    bar = tqdm(range(epochs), desc="scratch MLP", unit="epoch", disable=not progress)
    for _ in bar:
        start = time.perf_counter()
        history.train_loss.append(_run_epoch(model, optimizer, X, y, batch_size, rng))
        history.seconds.append(time.perf_counter() - start)
        status = {"loss": f"{history.train_loss[-1]:.4f}"}
        if X_val is not None:
            logits = model.forward(X_val)
            history.val_loss.append(float(cross_entropy(logits, y_val)))
            history.val_acc.append(float(np.mean(logits.argmax(axis=1) == y_val)))
            status["val_acc"] = f"{history.val_acc[-1]:.4f}"
        bar.set_postfix(status)
    return history
