"""scratch.train: one epoch against torch, the training run and accuracy, on seeded toy blobs."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils import scratch
from course_utils.scratch.train import History, accuracy, train_epoch, train_mlp


def blobs(rng, n_per_class=60, n_classes=3, dtype=np.float32):
    """Gaussian clusters around the corners of a triangle: easy to separate."""
    centres = 3.0 * np.array([[0.0, 1.0], [0.87, -0.5], [-0.87, -0.5]])[:n_classes]
    y = np.repeat(np.arange(n_classes), n_per_class)
    X = centres[y] + rng.normal(scale=0.5, size=(len(y), 2))
    return X.astype(dtype), y


def test_training_learns_toy_blobs_and_records_every_epoch(rng):
    X, y = blobs(rng)
    X_val, y_val = blobs(rng, n_per_class=20)
    model = scratch.MLP([2, 16, 3], dtype=np.float32, seed=0)
    before = accuracy(model, X, y)
    history = train_mlp(model, X, y, epochs=15, lr=1e-2, batch_size=32,
                        X_val=X_val, y_val=y_val, progress=False)
    assert isinstance(history, History)
    for values in (history.train_loss, history.val_loss, history.val_acc, history.seconds):
        assert len(values) == 15
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.val_acc[-1] > 0.95 > before
    assert accuracy(model, X_val, y_val) == history.val_acc[-1]


def test_same_seeds_give_the_same_run(rng):
    X, y = blobs(rng)
    runs = []
    for _ in range(2):
        model = scratch.MLP([2, 8, 3], seed=4)
        runs.append(train_mlp(model, X, y, epochs=3, batch_size=25, seed=9, progress=False).train_loss)
    assert runs[0] == runs[1]


def test_without_validation_data_the_validation_lists_stay_empty(rng):
    X, y = blobs(rng, n_per_class=10)
    history = train_mlp(scratch.MLP([2, 4, 3]), X, y, epochs=2, progress=False)
    assert history.val_loss == [] and history.val_acc == [] and len(history.train_loss) == 2


def test_float64_inputs_train_a_float32_model_without_changing_its_dtype(rng):
    X, y = blobs(rng, n_per_class=10, dtype=np.float64)
    model = scratch.MLP([2, 4, 3], dtype=np.float32)
    train_mlp(model, X, y, epochs=1, progress=False)
    assert all(p.data.dtype == np.float32 for p in model.parameters())


def test_bad_training_arguments_name_themselves(rng):
    X, y = blobs(rng, n_per_class=5)
    model = scratch.MLP([2, 4, 3])
    cases = [
        (TypeError, "model must be a scratch MLP", dict(model="mlp")),
        (ValueError, r"X must have shape \(N, 2\)", dict(X=np.ones((15, 3)))),
        (ValueError, "X and y must have the same number", dict(y=y[:-1])),
        (ValueError, r"y must lie in 0..2", dict(y=y + 1)),
        (TypeError, "y must be integer class indices", dict(y=y.astype(float))),
        (ValueError, "lr must be a positive", dict(lr=0.0)),
        (ValueError, "epochs must be >= 1, got 0", dict(epochs=0)),
        (TypeError, "batch_size must be an int, got float", dict(batch_size=2.5)),
        (ValueError, "X_val and y_val must be given together", dict(X_val=X)),
        (ValueError, r"X_val must have shape \(N, 2\)", dict(X_val=np.ones(3), y_val=y[:3])),
    ]
    for error, message, override in cases:
        kwargs = dict(model=model, X=X, y=y, epochs=1, progress=False) | override
        with pytest.raises(error, match=message):
            train_mlp(**kwargs)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite"):
        train_mlp(model, X_nan, y, epochs=1, progress=False)
    with pytest.raises(ValueError, match=r"y must have shape \(N,\)"):
        accuracy(model, X, y[:, None])


def test_one_epoch_takes_the_same_steps_as_torch_and_returns_the_mean_loss_per_example(rng):
    """Same weights, same shuffled batches, Adam in both: the same parameters after the epoch."""
    X, y = blobs(rng, n_per_class=20, dtype=np.float64)
    model = scratch.MLP([2, 5, 3], activation="tanh", seed=0)
    torch_model = torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3)).double()
    with torch.no_grad():
        for p, (name, t) in zip(model.parameters(), torch_model.named_parameters()):
            t.copy_(torch.from_numpy(p.data.T if name.endswith("weight") else p.data))
    optimizer = scratch.Adam(model.parameters(), lr=0.01)
    torch_optimizer = torch.optim.Adam(torch_model.parameters(), lr=0.01)

    mean_loss = train_epoch(model, optimizer, X, y, batch_size=16, rng=np.random.default_rng(3))

    losses = []
    order = np.random.default_rng(3).permutation(len(X))  # the shuffle train_epoch drew
    for start in range(0, len(X), 16):
        batch = torch.from_numpy(order[start:start + 16])
        torch_optimizer.zero_grad()
        loss = F.cross_entropy(torch_model(torch.from_numpy(X)[batch]), torch.from_numpy(y)[batch])
        loss.backward()
        torch_optimizer.step()
        losses.append(loss.item() * len(batch))
    assert len(X) % 16 != 0  # a shorter last batch, which counts with its size
    assert mean_loss == pytest.approx(sum(losses) / len(X), rel=1e-12)
    for p, (name, t) in zip(model.parameters(), torch_model.named_parameters()):
        expected = t.detach().numpy()
        np.testing.assert_allclose(p.data, expected.T if name.endswith("weight") else expected, rtol=1e-10)


def test_train_epoch_bad_arguments_name_themselves(rng):
    X, y = blobs(rng, n_per_class=5)
    model = scratch.MLP([2, 4, 3])
    optimizer = scratch.SGD(model.parameters(), lr=0.1)
    good = dict(model=model, optimizer=optimizer, X=X, y=y, batch_size=4, rng=np.random.default_rng(0))
    cases = [
        (TypeError, "optimizer must be a scratch SGD or Adam", dict(optimizer="adam")),
        (TypeError, "rng must be a numpy.random.Generator", dict(rng=0)),
        (ValueError, "batch_size must be >= 1, got 0", dict(batch_size=0)),
        (ValueError, "X and y must have the same number", dict(y=y[:-1])),
        (ValueError, r"X must have shape \(N, 2\)", dict(X=X[:, :1])),
        (TypeError, "model must be a scratch MLP", dict(model=None)),
    ]
    for error, message, override in cases:
        with pytest.raises(error, match=message):
            train_epoch(**(good | override))
