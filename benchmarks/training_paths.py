"""The MNIST training paths the benchmark compares, all on the 784-120-84-10 MLP.

Every path trains with batch 100 and Adam(lr=1e-3) from the same initial
weights, so per epoch they do the same arithmetic and differ only in how fast
they get it done. Each returns a ``Result``: per-epoch training seconds
(evaluation excluded) and test accuracy after each epoch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from course_utils.data import load_mnist, resolve_root
from course_utils.models import MultilayerPerceptron
from course_utils.training import evaluate, fit

BATCH, LR = 100, 1e-3


@dataclass
class Result:
    name: str
    seconds: list[float] = field(default_factory=list)   # training time of each epoch
    accuracy: list[float] = field(default_factory=list)  # test accuracy after each epoch
    note: str = ""

    @property
    def per_epoch(self) -> float:
        return float(np.median(self.seconds))

    def time_to(self, target: float) -> float | None:
        """Training seconds until the test accuracy first reaches ``target`` (None if never)."""
        for epoch, acc in enumerate(self.accuracy):
            if acc >= target:
                return float(sum(self.seconds[:epoch + 1]))
        return None


def fresh_model(seed: int = 0) -> MultilayerPerceptron:
    torch.manual_seed(seed)
    return MultilayerPerceptron()


def mnist(n_train: int | None, n_test: int | None):
    """(train, test) MNISTSplits, cut to the first n samples in quick mode."""
    train, test = load_mnist()
    cut = lambda split, n: split if n is None else type(split)(split.images[:n], split.labels[:n])  # noqa: E731
    return cut(train, n_train), cut(test, n_test)


def seed_style(epochs: int, n_train: int | None, n_test: int | None) -> Result:
    """The lesson text's loop: torchvision MNIST with ToTensor, a shuffling DataLoader."""
    from torch.utils.data import DataLoader, Subset
    from torchvision import datasets, transforms

    root = str(resolve_root())
    train = datasets.MNIST(root, train=True, transform=transforms.ToTensor())
    test = datasets.MNIST(root, train=False, transform=transforms.ToTensor())
    if n_train is not None:
        train, test = Subset(train, range(n_train)), Subset(test, range(n_test))
    loader = DataLoader(train, batch_size=BATCH, shuffle=True, generator=torch.Generator().manual_seed(0))
    model, result = fresh_model(), Result("seed-style: DataLoader + ToTensor")
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(epochs):
        start = time.perf_counter()
        for images, labels in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(images.view(len(images), -1)), labels)
            loss.backward()
            optimizer.step()
        result.seconds.append(time.perf_counter() - start)
        result.accuracy.append(_loader_accuracy(model, test))
    return result


@torch.no_grad()
def _loader_accuracy(model, test) -> float:
    from torch.utils.data import DataLoader

    correct = sum((model(x.view(len(x), -1)).argmax(1) == t).sum().item() for x, t in DataLoader(test, batch_size=1000))
    return correct / len(test)


def whole_tensor(epochs: int, train, test, *, gather: str, fused: bool, name: str) -> Result:
    """The plain whole-tensor loop, one speed-up at a time (to see where the time goes)."""
    X, y = train.as_float(), train.labels
    model, result = fresh_model(), Result(name)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, fused=fused or None)
    generator = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        start, total = time.perf_counter(), 0.0
        for index in torch.randperm(len(X), generator=generator).split(BATCH):
            if gather == "index_select":
                X_batch, y_batch = X.index_select(0, index), y.index_select(0, index)
            else:
                X_batch, y_batch = X[index], y[index]
            loss = F.cross_entropy(model(X_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()  # the usual habit: one .item() per step
        result.seconds.append(time.perf_counter() - start)
        result.accuracy.append(evaluate(model, test))
    return result


def with_fit(epochs: int, train, test, *, threads: int = 1, name: str = "course_utils.training.fit") -> Result:
    """``fit`` with its defaults (batch 100, Adam), test accuracy after every epoch."""
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        history = fit(fresh_model(), train, epochs=epochs, lr=LR, val_data=test, progress=False, device="cpu")
    finally:
        torch.set_num_threads(before)
    return Result(name, history.seconds, history.val_acc)


def scratch(epochs: int, train, test) -> Result:
    """The NumPy-from-scratch MLP (float32, Adam), if ``course_utils.scratch`` provides it."""
    try:
        from course_utils.scratch import MLP, train_mlp
    except ImportError as err:
        return Result("NumPy from scratch (scratch.train_mlp)", note=f"skipped: {err}")
    X, y = train.numpy()
    X_test, y_test = test.numpy()
    model = MLP([784, 120, 84, 10], seed=0, dtype=np.float32)
    history = train_mlp(model, X, y, epochs=epochs, lr=LR, batch_size=BATCH, seed=0,
                        X_val=X_test, y_val=y_test, progress=False)
    return Result("NumPy from scratch (scratch.train_mlp)", history.seconds, history.val_acc)


def two_threads(train, test, n: int = 6_000) -> Result:
    """``fit`` on 2 torch threads, timed on the first ``n`` images and scaled to a full epoch.

    Only a slice: on a shared 2-core machine two threads can be tens of times
    slower than one, and a full epoch would stall the whole run.
    """
    part = type(train)(train.images[:n], train.labels[:n])
    result = with_fit(1, part, test, threads=2, name=f"fit, 2 torch threads (timed on {n:,} images)")
    result.seconds = [s * len(train) / len(part) for s in result.seconds]
    result.accuracy = []
    return result
