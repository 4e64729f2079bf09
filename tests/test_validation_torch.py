"""course_utils.training_data: checked tensors for fit, evaluate and predict; validation imports without torch."""

import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from course_utils import training_data, validation  # noqa: E402



def test_validation_imports_without_torch():
    code = "import sys; sys.modules['torch'] = None; import course_utils.validation; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_as_tensors_gives_inputs_in_the_models_dtype_and_int64_labels():
    X, y = training_data.as_tensors((np.ones((4, 3)), [0, 1, 1, 0]), "data", nn.Linear(3, 2))
    assert X.dtype == torch.float32 and X.shape == (4, 3)
    assert y.dtype == torch.int64 and y.tolist() == [0, 1, 1, 0]


def test_as_inputs_keeps_a_tensor_of_the_right_kind_as_it_is():
    X = torch.zeros(2, 5)
    assert training_data.as_inputs(X, "data", nn.Linear(5, 2)) is X


@pytest.mark.parametrize("call, error, match", [
    (lambda: training_data.as_tensors(np.ones((3, 2)), "train_data", nn.Linear(2, 3)), TypeError,
     "train_data must be an MNISTSplit or a pair"),
    (lambda: training_data.as_inputs(["a", "b"], "data", nn.Linear(2, 2)), TypeError, "data: X must be a tensor or an array"),
    (lambda: training_data.as_inputs(np.ones(3), "data", nn.Linear(3, 2)), ValueError, r"shape \(N, features...\)"),
    (lambda: training_data.as_tensors((np.ones((3, 2)), np.ones(3)), "data", nn.Linear(2, 3)),
     TypeError, "data: y must be integer class labels"),
    (lambda: training_data.as_tensors((np.ones((3, 2)), np.ones((3, 1), dtype=int)), "data", nn.Linear(2, 3)), ValueError, "same number of samples"),
    (lambda: training_data.as_tensors((np.ones((2, 2)), torch.tensor([0, 3])), "val_data", nn.Linear(2, 3)), ValueError,
     r"val_data: labels must lie in 0..2 \(the model returns 3 logits\), found 3"),
    (lambda: validation.check_module(lambda x: x), TypeError, "model must be a torch.nn.Module, got function"),
    (lambda: training_data.count_classes(nn.Linear(3, 2), torch.ones(1, 4)), ValueError,
     r"model cannot take inputs of shape \(4,\)"),
    (lambda: training_data.count_classes(nn.Flatten(0), torch.ones(1, 4)), ValueError,
     r"logits of shape \(N, classes\), got \(4,\)"),
])
def test_bad_data_is_named_in_the_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_count_classes_is_the_number_of_logits_per_sample():
    assert training_data.count_classes(nn.Linear(3, 7), torch.ones(5, 3)) == 7
