"""MNIST through torchvision, checked and ready for fast training (notebook 06).

``load_mnist()`` returns the training and test splits as whole tensors: the
training loop slices batches out of them directly instead of converting
60,000 PIL images per epoch (see ``course_utils.training``).

Where the files live, in this order: the ``root`` argument, else the
environment variable ``COURSE_DATA_DIR``, else ``data/`` in the repository.
torchvision keeps them in ``<root>/MNIST/raw/``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

ENV_VAR = "COURSE_DATA_DIR"
REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def user_cache() -> Path:
    """The per-user folder an installed package keeps MNIST in: never site-packages, read-only on a shared hub.

    ``$XDG_CACHE_HOME/course_utils`` (default ``~/.cache/course_utils``); on Windows ``%LOCALAPPDATA%\\course_utils``.
    """
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "course_utils"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course_utils"


def default_root() -> Path:
    """``data/`` in the course's folder (``doctor.in_course_folder``), else ``user_cache()``."""
    from .doctor import in_course_folder  # imported here: the doctor imports this module when it runs

    return REPO_DATA if in_course_folder() else user_cache()


MNIST_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
SPLIT_SIZES = {"train": 60_000, "test": 10_000}
# SHA-256 of the four unpacked files as published (torchvision checks the .gz it
# downloads by MD5; these check what is on disk, downloaded or copied by hand).
MNIST_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


class MNISTNotFoundError(FileNotFoundError, ValueError):
    """The MNIST files are missing and could not be downloaded.

    A ``FileNotFoundError`` (what happened) and a ``ValueError`` (the data
    folder given is not usable), so either ``except`` catches it.
    """


@dataclass(frozen=True)
class MNISTSplit:
    """One split of MNIST as whole tensors.

    images : torch.Tensor, uint8, shape (N, 28, 28), pixel values 0-255
    labels : torch.Tensor, int64, shape (N,), digits 0-9
    """

    images: torch.Tensor
    labels: torch.Tensor

    def __post_init__(self):
        for name in ("images", "labels"):
            if not isinstance(getattr(self, name), torch.Tensor):
                raise TypeError(f"{name} must be a torch.Tensor, got {type(getattr(self, name)).__name__}")
        if self.images.dtype != torch.uint8 or self.images.ndim < 2:
            raise ValueError(f"images must be uint8 pixels 0-255 of shape (N, height, width), "
                             f"got {self.images.dtype} of shape {tuple(self.images.shape)}")
        if self.labels.ndim != 1 or len(self.labels) != len(self.images):
            raise ValueError(f"labels must have shape ({len(self.images)},), one per image, "
                             f"got {tuple(self.labels.shape)}")

    def __len__(self) -> int:
        return len(self.labels)

    def as_float(self) -> torch.Tensor:
        """Images flattened and scaled to [0, 1]: float32, shape (N, 784)."""
        return self.images.reshape(len(self.images), -1).float().div_(255.0)

    def numpy(self) -> tuple[np.ndarray, np.ndarray]:
        """(X float32 (N, 784) in [0, 1], y int64 (N,)) for the NumPy code of the course.

        Both are copies: changing them leaves the split as it was.
        """
        return self.as_float().numpy(), self.labels.numpy().copy()

    def subset(self, index: torch.Tensor) -> "MNISTSplit":
        """The images and labels at ``index`` (int64 indices, shape (M,)), in that order."""
        return MNISTSplit(self.images[index], self.labels[index])


def validation_indices(n_images: int, n_validation: int = 5_000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(training indices, validation indices): a random order of ``n_images`` drawn from ``seed``, cut after
    its first ``n_validation``. Both int64, shapes (n_images - n_validation,) and (n_validation,).

    Notebook 06's split of the 60,000 training images (55,000 to train on, 5,000 to
    decide by); the MNIST learning-rate explorer scores on the same validation digits.
    """
    from .validation import check_int

    n_images, n_validation = check_int(n_images, "n_images"), check_int(n_validation, "n_validation")
    seed = check_int(seed, "seed", minimum=0)
    if n_validation >= n_images:
        raise ValueError(f"n_validation must be below n_images ({n_images}), got {n_validation}")
    order = torch.randperm(n_images, generator=torch.Generator().manual_seed(seed))
    return order[n_validation:], order[:n_validation]


def resolve_root(root: str | os.PathLike | None = None) -> Path:
    """The data folder: ``root``, else ``$COURSE_DATA_DIR``, else ``default_root()``."""
    if root is None:
        root = os.environ.get(ENV_VAR) or default_root()
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a path (str or os.PathLike) or None, got {type(root).__name__}")
    return Path(root).expanduser()


def missing_files(root: Path) -> list[str]:
    """Names of the four MNIST files not present in ``<root>/MNIST/raw/``."""
    raw = root / "MNIST" / "raw"
    return [name for name in MNIST_FILES if not (raw / name).is_file()]


def file_problems(root: Path) -> dict[str, str]:
    """What is wrong with each of the four files in ``<root>/MNIST/raw/``: {name: "missing" or
    "not the published file (SHA-256 differs)"}; empty when all four are MNIST's own."""
    raw = Path(root) / "MNIST" / "raw"
    problems = {}
    for name, expected in MNIST_SHA256.items():
        path = raw / name
        if not path.is_file():
            problems[name] = "missing"
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            problems[name] = "not the published file (SHA-256 differs)"
    return problems


def load_mnist(root: str | os.PathLike | None = None) -> tuple[MNISTSplit, MNISTSplit]:
    """Load (train, test) MNIST through ``torchvision.datasets.MNIST``.

    Downloads the files only when some are missing (that needs the internet)
    and checks what it downloaded against the published SHA-256 sums;
    offline, raises ``MNISTNotFoundError`` saying which files to put where.
    Raises ``ValueError`` for a data folder that is not a folder, or whose
    files are truncated or not MNIST. Checks 60,000 + 10,000 images of
    28 x 28 with labels 0-9.
    """
    root_given = root is not None or bool(os.environ.get(ENV_VAR))
    root = resolve_root(root)
    _check_folder(root, root_given)
    # Imported here: torchvision costs ~1 s on top of torch, paid only when loading.
    from torchvision.datasets import MNIST

    if missing_files(root):
        _download(MNIST, root)
    return tuple(_read_split(MNIST, root, name) for name in SPLIT_SIZES)


def _check_folder(root: Path, root_given: bool) -> None:
    if root.exists() and not root.is_dir():
        raise ValueError(f"the MNIST data folder {root} is a file, expected a folder holding MNIST/raw/")
    if root_given and not root.exists():
        raise ValueError(f"the MNIST data folder {root} does not exist (set by the root argument or ${ENV_VAR})")
    # A common slip: pointing at MNIST/raw/ or MNIST/ itself instead of the folder above.
    for inner, right in ((root, root.parent.parent), (root / "raw", root.parent)):
        if all((inner / name).is_file() for name in MNIST_FILES):
            raise ValueError(f"the MNIST data folder {root} holds the files at the wrong level: "
                             f"pass the folder that contains MNIST/raw/ (here {right})")


def _download(MNIST: type, root: Path) -> None:
    try:
        MNIST(str(root), train=True, download=True)
    except (RuntimeError, OSError) as err:  # torchvision reports network failures as RuntimeError
        raise MNISTNotFoundError(_not_found_message(root, err)) from err
    if missing_files(root):
        raise MNISTNotFoundError(_not_found_message(root, "the download did not produce them"))
    wrong = {name: problem for name, problem in file_problems(root).items() if problem != "missing"}
    if wrong:
        raise ValueError(f"the MNIST files downloaded to {root / 'MNIST' / 'raw'} are not the published ones "
                         f"({', '.join(wrong)}: SHA-256 differs); delete them and load again to download fresh copies")


def _not_found_message(root: Path, reason: object) -> str:
    raw = root / "MNIST" / "raw"
    return (f"MNIST files missing in {raw}/ and the download failed ({str(reason).splitlines()[0]}). "
            f"Put these four unpacked files there: {', '.join(MNIST_FILES)}; "
            f"or set the environment variable {ENV_VAR} to the folder that contains MNIST/raw/.")


def _read_split(MNIST: type, root: Path, name: str) -> MNISTSplit:
    try:
        dataset = MNIST(str(root), train=(name == "train"), download=False)
    except (AssertionError, RuntimeError, TypeError, ValueError, KeyError) as err:
        raise ValueError(f"the MNIST {name} files in {root / 'MNIST' / 'raw'} are truncated or not MNIST "
                         f"({type(err).__name__}: {err}); delete them to download fresh copies") from err
    split = MNISTSplit(images=dataset.data, labels=dataset.targets)
    _check_split(split, name, SPLIT_SIZES[name])
    return split


def _check_split(split: MNISTSplit, name: str, n: int) -> None:
    images, labels = split.images, split.labels
    if images.dtype != torch.uint8 or tuple(images.shape) != (n, 28, 28):
        raise ValueError(f"MNIST {name} images: expected uint8 of shape ({n}, 28, 28), "
                         f"got {images.dtype} of shape {tuple(images.shape)}")
    if tuple(labels.shape) != (n,):
        raise ValueError(f"MNIST {name} labels: expected shape ({n},), got {tuple(labels.shape)}")
    if labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"MNIST {name} labels: expected digits 0-9, got {int(labels.min())}..{int(labels.max())}")
    counts = torch.bincount(labels.long(), minlength=10)
    if int(counts.min()) < n // 50:  # MNIST holds 9-11% of each digit: a label file of one digit is not MNIST's
        raise ValueError(f"MNIST {name} labels: every digit should make up about a tenth, got counts "
                         f"{counts.tolist()} for digits 0-9; the labels file is not MNIST's (the doctor, "
                         f"python -m course_utils.doctor, checks the files against their published SHA-256)")
