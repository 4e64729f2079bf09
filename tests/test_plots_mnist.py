"""The notebook 06 plots: digit grids, curves and the confusion matrix."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plots import mnist  # noqa: E402


def test_confusion_matrix_counts_rows_as_truth_and_columns_as_prediction():
    cm = mnist.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 1], n_classes=3)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 1, 0], [0, 1, 0]])
    assert cm.sum() == 4


def test_confusion_matrix_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        mnist.confusion_matrix([0, 1], [0])


def test_show_digits_marks_wrong_predictions_in_red():
    images = np.zeros((3, 784))
    fig = mnist.show_digits(images, labels=[1, 2, 3], predictions=[1, 5, 3], ncols=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["1 → 1", "2 → 5", "3 → 3"]
    assert fig.axes[1].title.get_color() == "crimson"
    plt.close(fig)


def test_plot_history_draws_train_and_validation_per_epoch():
    h = SimpleNamespace(train_loss=[1.0, 0.5, 0.3], val_loss=[1.1, 0.6, 0.7], val_acc=[0.8, 0.9, 0.88])
    fig = mnist.plot_history({"mlp": h})
    ax_loss, ax_acc = fig.axes
    np.testing.assert_allclose(ax_loss.lines[1].get_ydata(), h.val_loss)
    np.testing.assert_allclose(ax_acc.lines[0].get_ydata(), [80, 90, 88])
    plt.close(fig)


def test_plot_confusion_matrix_writes_every_count():
    cm = np.arange(9).reshape(3, 3)
    fig = mnist.plot_confusion_matrix(cm)
    assert sorted(int(t.get_text()) for t in fig.axes[0].texts) == list(range(9))
    plt.close(fig)


def test_weight_templates_show_each_digits_row_on_one_symmetric_scale():
    weight = np.arange(7840, dtype=float).reshape(10, 784) - 3000
    fig = mnist.show_weight_templates(weight)
    images = [ax.images[0] for ax in fig.axes[:10]]
    np.testing.assert_array_equal(images[3].get_array(), weight[3].reshape(28, 28))
    assert {image.get_clim() for image in images} == {(-4839.0, 4839.0)}
    assert [ax.get_title() for ax in fig.axes[:10]] == [str(d) for d in range(10)]
    plt.close(fig)


def test_weight_templates_take_a_torch_weight():
    import torch

    fig = mnist.show_weight_templates(torch.nn.Linear(784, 10).weight)
    assert len(fig.axes) == 11  # ten templates and the colour bar
    plt.close(fig)


@pytest.mark.parametrize("weight, error, match", [
    (np.zeros((784, 10)), ValueError, r"weight must have shape \(10, 784\).*got \(784, 10\)"),
    (np.zeros(784), ValueError, "weight"),
    (np.full((10, 784), np.nan), ValueError, "weight"),
    ("weights", TypeError, "weight"),
])
def test_weight_templates_refuse_other_shapes(weight, error, match):
    with pytest.raises(error, match=match):
        mnist.show_weight_templates(weight)


def test_show_digits_refuses_nan_images_instead_of_drawing_them_blank():
    images = np.zeros((2, 784))
    images[1, 5] = np.nan
    with pytest.raises(ValueError, match="images must contain only finite numbers"):
        mnist.show_digits(images, [1, 2])
