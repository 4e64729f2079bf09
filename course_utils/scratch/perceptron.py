"""Rosenblatt's perceptron, in NumPy (notebook 02).

Prediction:  ŷ = step(wᵀx + b) = 1 if wᵀx + b > 0, else 0.
Learning rule, one sample at a time:

    w ← w + η (y − ŷ) x,    b ← b + η (y − ŷ)

A correct prediction changes nothing (y − ŷ = 0). On linearly separable data
the rule reaches zero mistakes after finitely many updates (the perceptron
convergence theorem); on XOR no line separates the classes, so it never does.
"""

import numpy as np

from ..validation import as_float_array, check_class_data, check_int, check_labels, check_positive
from .layers import make_rng

__all__ = ["Perceptron", "train_perceptron"]


class Perceptron:
    """A single neuron with a step output, trained by the perceptron rule.

    Parameters
    ----------
    n_features : int
        Number of inputs d.
    lr : float > 0, default 1.0
        Learning rate η.
    seed : int, optional
        None starts from w = 0, b = 0; a seed starts from small random
        weights (normal, scale 0.01), e.g. to watch different starts.

    Attributes
    ----------
    w : ndarray, shape (d,), float64
    b : float
    """

    def __init__(self, n_features, lr=1.0, seed=None):
        self.n_features = check_int(n_features, "n_features")
        self.lr = check_positive(lr, "lr")
        if seed is None:
            self.w = np.zeros(self.n_features)
        else:
            self.w = make_rng(seed).normal(scale=0.01, size=self.n_features)
        self.b = 0.0

    def decision_function(self, X):
        """z = X w + b: the signed score, shape (N,) for X of shape (N, d)."""
        X = as_float_array(X, "X", shape=(None, self.n_features), finite=True)
        return X @ self.w + self.b

    def predict(self, X):
        """ŷ = step(X w + b): labels 0/1 (int64), shape (N,) for X of shape (N, d)."""
        return (self.decision_function(X) > 0).astype(np.int64)

    def step_once(self, x_i, y_i):
        """Apply the learning rule to one sample: x_i of shape (d,), y_i 0 or 1.

        Returns True if the sample was misclassified (and the weights moved).
        """
        x_i, y_i = self._check_sample(x_i, y_i)
        y_hat = 1 if x_i @ self.w + self.b > 0 else 0
        error = y_i - y_hat  # -1, 0 or +1
        if error:
            self.w += self.lr * error * x_i
            self.b += self.lr * error
        return error != 0

    def fit_epoch(self, X, y):
        """One pass over the samples in order; returns the number of mistakes."""
        X, y = self._check_data(X, y)
        return sum(self.step_once(x_i, y_i) for x_i, y_i in zip(X, y))

    def fit(self, X, y, epochs=100):
        """Train with the perceptron rule for up to ``epochs`` passes over (X, y).

        X : ndarray, shape (N, d); y : 0/1 labels, shape (N,) (ints, booleans
        or whole floats such as 1.0).
        Returns the list of mistakes made in each epoch; stops early after
        the first epoch with no mistake (so the list ends with 0 then).
        Raises FloatingPointError if the weights overflow (X far too large).
        """
        X, y = self._check_data(X, y)
        epochs = check_int(epochs, "epochs")
        mistakes = []
        for epoch in range(1, epochs + 1):
            with np.errstate(over="ignore", invalid="ignore"):  # reported just below instead
                mistakes.append(self.fit_epoch(X, y))
            if not (np.isfinite(self.w).all() and np.isfinite(self.b)):
                raise FloatingPointError(f"the weights overflowed to inf/NaN in epoch {epoch}: "
                                         "rescale X (its largest magnitude is {:.3g})".format(np.abs(X).max()))
            if mistakes[-1] == 0:
                break
        return mistakes

    def _check_sample(self, x_i, y_i):
        x_i = as_float_array(x_i, "x_i", shape=(self.n_features,), finite=True)
        return x_i, int(check_labels(y_i, 2, "y_i", whole_floats=True))

    def _check_data(self, X, y):
        return check_class_data(X, y, 2, n_features=self.n_features, finite=True, whole_floats=True)

    def __repr__(self):
        return f"Perceptron(n_features={self.n_features}, lr={self.lr}, w={self.w}, b={self.b})"


def train_perceptron(X, y, lr=1.0, epochs=100):
    """Train a perceptron from w = 0, b = 0 by the rule, one example at a time in order (notebook 02).

    X : ndarray, shape (n, d); y : 0/1 labels, shape (n,); lr : η > 0;
    epochs : the most passes over (X, y), an int >= 1.
    Returns (w, b, mistakes): w an ndarray of shape (d,), b a float, and
    mistakes a list of ints, the mistakes made during each epoch run (at most
    ``epochs`` of them; it stops after the first epoch with none, so then the
    list ends with 0). The caller's X and y are left unchanged.
    """
    X = as_float_array(X, "X", ndim=2, finite=True)
    perceptron = Perceptron(n_features=X.shape[1], lr=lr)
    mistakes = perceptron.fit(X, y, epochs=epochs)
    return perceptron.w.copy(), float(perceptron.b), [int(m) for m in mistakes]
