"""load_mnist: the real files, where it looks for them, and every way a data folder can be wrong.

No test touches the internet: torchvision's download is replaced by a fake.
"""

import os
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision.datasets import MNIST

from course_utils import mnist
from course_utils.mnist import MNIST_FILES, MNISTNotFoundError, MNISTSplit, load_mnist, validation_indices


def real_mnist_root():
    """Where the real MNIST is: $COURSE_DATA_DIR (then it must be there), else <repo>/data, else skip."""
    root = mnist.resolve_root()
    if not os.environ.get(mnist.ENV_VAR) and mnist.missing_files(root):
        pytest.skip(f"{mnist.ENV_VAR} is unset and {root}/MNIST/raw has no MNIST files: "
                    f"set {mnist.ENV_VAR} to the folder holding MNIST/raw to run this test")
    return root


def _write_idx(path, array):
    """Write ``array`` (uint8) in MNIST's IDX format: magic 0 0 8 ndim, big-endian sizes, bytes."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    Path(path).write_bytes(header + array.astype(np.uint8).tobytes())


def _write_mnist(root, n_train=60_000, n_test=10_000, label_max=9):
    raw = Path(root) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        _write_idx(raw / f"{prefix}-images-idx3-ubyte", np.zeros((n, 28, 28)))
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte", np.arange(n) % (label_max + 1))
    return raw


@pytest.fixture
def no_download(monkeypatch):
    """torchvision's download fails as it does offline; records whether it was tried."""
    calls = []

    def offline(self):
        calls.append(self.root)
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz:\nTried mirrors, got URLError")

    monkeypatch.setattr(MNIST, "download", offline)
    return calls


def test_real_mnist_has_60000_train_and_10000_test_digits():
    train, test = load_mnist(real_mnist_root())
    assert train.images.shape == (60_000, 28, 28) and train.images.dtype == torch.uint8
    assert test.images.shape == (10_000, 28, 28) and len(test) == 10_000
    assert train.labels.dtype == torch.int64
    assert torch.bincount(train.labels).tolist()[:2] == [5923, 6742]  # the published class counts


def test_validation_indices_hold_out_a_seeded_random_part_and_keep_every_image_once():
    train_index, validation_index = validation_indices(20, n_validation=5, seed=3)
    assert (len(train_index), len(validation_index)) == (15, 5) and train_index.dtype == torch.int64
    order = torch.randperm(20, generator=torch.Generator().manual_seed(3))
    assert validation_index.tolist() == order[:5].tolist()  # the first 5 of the seeded order
    assert sorted(train_index.tolist() + validation_index.tolist()) == list(range(20))
    assert torch.equal(validation_indices(20, 5, seed=3)[0], train_index)
    assert not torch.equal(validation_indices(20, 5, seed=4)[1], validation_index)


def test_subset_keeps_the_images_and_their_labels_together_in_the_order_asked():
    images = torch.arange(6, dtype=torch.uint8).reshape(6, 1, 1).expand(6, 2, 2).contiguous()
    part = MNISTSplit(images, torch.arange(6) % 10).subset(torch.tensor([4, 1]))
    assert part.images[:, 0, 0].tolist() == [4, 1] and part.labels.tolist() == [4, 1]


def test_as_float_and_numpy_give_flat_pixels_in_the_unit_interval():
    split = MNISTSplit(torch.tensor([[[0, 255], [51, 102]]], dtype=torch.uint8).expand(3, 2, 2).contiguous(),
                       torch.tensor([1, 2, 3]))
    X = split.as_float()
    assert X.shape == (3, 4) and X.dtype == torch.float32
    torch.testing.assert_close(X[0], torch.tensor([0.0, 1.0, 0.2, 0.4]))
    X_np, y_np = split.numpy()
    assert X_np.dtype == np.float32 and y_np.dtype == np.int64 and y_np.tolist() == [1, 2, 3]
    assert split.images[0, 0, 1] == 255  # as_float did not scale the stored images in place


def test_root_comes_from_argument_then_environment_then_repo(monkeypatch, tmp_path):
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path / "env"))
    assert mnist.resolve_root(tmp_path / "arg") == tmp_path / "arg"
    assert mnist.resolve_root() == tmp_path / "env"
    monkeypatch.delenv(mnist.ENV_VAR)
    assert mnist.resolve_root() == Path(mnist.__file__).resolve().parents[1] / "data"


def test_installed_on_its_own_the_package_keeps_mnist_in_a_per_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(mnist.ENV_VAR, raising=False)
    from course_utils import doctor
    monkeypatch.setattr(doctor, "in_course_folder", lambda: False)  # installed on its own: no lock file beside it
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert mnist.resolve_root() == tmp_path / "cache" / "course_utils"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert mnist.resolve_root() == Path.home() / ".cache" / "course_utils"


def test_offline_without_files_names_the_four_files_the_folder_and_the_variable(tmp_path, no_download):
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(tmp_path)
    message = str(info.value)
    assert all(name in message for name in MNIST_FILES)
    assert str(tmp_path / "MNIST" / "raw") in message and mnist.ENV_VAR in message
    assert isinstance(info.value, ValueError) and no_download == [str(tmp_path)]


def _sha256_of(raw):
    import hashlib
    return {name: hashlib.sha256((raw / name).read_bytes()).hexdigest() for name in MNIST_FILES}


def test_missing_files_are_downloaded_checked_then_loaded(tmp_path, monkeypatch):
    sums = _sha256_of(_write_mnist(tmp_path / "published"))  # stand-in for the published files
    monkeypatch.setattr(mnist, "MNIST_SHA256", sums)
    monkeypatch.setattr(MNIST, "download", lambda self: _write_mnist(self.root))
    (tmp_path / "data").mkdir()
    train, test = load_mnist(tmp_path / "data")
    assert len(train) == 60_000 and len(test) == 10_000
    assert mnist.file_problems(tmp_path / "data") == {}


def test_a_download_that_is_not_the_published_files_is_a_value_error(tmp_path, monkeypatch):
    monkeypatch.setattr(MNIST, "download", lambda self: _write_mnist(self.root))
    with pytest.raises(ValueError, match="not the published ones .*train-images-idx3-ubyte.*delete them"):
        load_mnist(tmp_path)


def test_file_problems_names_missing_and_changed_files(tmp_path):
    raw = _write_mnist(tmp_path)
    (raw / "t10k-labels-idx1-ubyte").unlink()
    problems = mnist.file_problems(tmp_path)
    assert problems["t10k-labels-idx1-ubyte"] == "missing"
    assert problems["train-images-idx3-ubyte"] == "not the published file (SHA-256 differs)"


def test_the_real_files_match_the_published_checksums():
    assert mnist.file_problems(real_mnist_root()) == {}


def test_present_files_are_read_without_downloading(tmp_path, no_download):
    _write_mnist(tmp_path)
    train, _ = load_mnist(tmp_path)
    assert no_download == [] and train.labels[:11].tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]


def test_truncated_file_is_a_value_error_naming_the_split(tmp_path, no_download):
    raw = _write_mnist(tmp_path)
    path = raw / "t10k-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ValueError, match="test files .* truncated or not MNIST"):
        load_mnist(tmp_path)


def test_file_that_is_not_idx_is_a_value_error(tmp_path, no_download):
    raw = _write_mnist(tmp_path)
    (raw / "train-labels-idx1-ubyte").write_bytes(b"<html>not found</html>")
    with pytest.raises(ValueError, match="train files .* truncated or not MNIST"):
        load_mnist(tmp_path)


def test_wrong_number_of_images_is_a_value_error_naming_the_expected_shape(tmp_path, no_download):
    _write_mnist(tmp_path, n_test=500)
    with pytest.raises(ValueError, match=r"test images: expected uint8 of shape \(10000, 28, 28\)"):
        load_mnist(tmp_path)


def test_label_outside_0_to_9_is_a_value_error(tmp_path, no_download):
    _write_mnist(tmp_path, label_max=10)
    with pytest.raises(ValueError, match="expected digits 0-9"):
        load_mnist(tmp_path)


@pytest.mark.parametrize("label_max", [0, 4])  # an all-zero labels file; digits 0-4 only
def test_labels_that_miss_digits_are_a_value_error_pointing_to_the_doctor(tmp_path, no_download, label_max):
    _write_mnist(tmp_path, label_max=label_max)
    with pytest.raises(ValueError, match=r"train labels: every digit should make up about a tenth.*doctor"):
        load_mnist(tmp_path)


def test_folder_that_does_not_exist_is_a_value_error(tmp_path, no_download):
    with pytest.raises(ValueError, match="does not exist"):
        load_mnist(tmp_path / "typo")


def test_file_given_as_folder_is_a_value_error(tmp_path, no_download):
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(ValueError, match="is a file, expected a folder"):
        load_mnist(tmp_path / "notes.txt")


@pytest.mark.parametrize("level", ["MNIST", os.path.join("MNIST", "raw")])
def test_pointing_inside_the_mnist_folder_says_which_folder_to_use(tmp_path, no_download, level):
    _write_mnist(tmp_path, n_train=2, n_test=2)
    with pytest.raises(ValueError, match=f"wrong level.*here {tmp_path}\\)"):
        load_mnist(tmp_path / level)


def test_root_of_the_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="root must be a path"):
        load_mnist(42)
