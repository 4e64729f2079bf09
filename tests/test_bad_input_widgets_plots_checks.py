"""Bad and extreme input to the explorers, plots, figures, toy data and exercise checks: one table.

Each row is (category, call, expected, fragment). ``expected`` is the error
(or warning) the call must raise, whose message contains ``fragment``; or
HINT, for an exercise check: the call must come back as a failed Feedback
whose hint contains ``fragment``, never as a traceback from inside the check.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

from course_utils import figures, toy_data
from course_utils.checks import sandbox
from course_utils.checks import activations as c_act
from course_utils.checks import backprop as c_bp
from course_utils.checks import depth as c_depth
from course_utils.checks import report
from course_utils.checks import loss as c_loss
from course_utils.checks import mnist as c_mnist
from course_utils.checks import neuron as c_neuron
from course_utils.checks import perceptron as c_perc
from course_utils.explorers import show_static
from course_utils.explorers.activations import ActivationExplorer
from course_utils.explorers.backprop import BackpropFlow, flow_values
from course_utils.explorers.learning_rate import LearningRateExplorer
from course_utils.explorers.neuron import NeuronPlayground
from course_utils.explorers.perceptron import Board, PerceptronStepper
from course_utils.history import History
from course_utils.plots import activations as p_act
from course_utils.plots import depth as p_depth
from course_utils.plots import descent as p_descent
from course_utils.plots import loss as p_loss
from course_utils.plots import mnist as p_mnist
from course_utils.plots import neuron as p_neuron
from course_utils.plots import perceptron as p_perc
from course_utils.scratch import sigmoid
from bad_input import assert_every_category_is_tried, assert_refused

HINT = "hint"


def _ax():
    return Figure().add_subplot()


X3, Y3 = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, -0.5]]), np.array([0, 1, 1])
W_OK = np.array([1.0, -1.0])


def _bowl(p):
    return float(p @ p)


def _raises(*args):
    return 1 / 0


def _no_return(*args):
    np.sum(args[0])


def _in_place_sigmoid_grad(z):
    s = sigmoid(z)
    z *= 0  # reuses the input as scratch space
    z += s * (1 - s)
    return z


def _unrestored_gradient(f, p, eps):
    grad = np.zeros_like(p)
    for i in range(p.size):
        p[i] += eps  # nudged, never put back
        grad[i] = (f(p) - f(p - 2 * eps * np.eye(p.size)[i])) / (2 * eps)
    return grad


def _same_row_descend(grad, p0, lr, num_steps):
    p, path = p0, [p0]
    for _ in range(num_steps):
        p -= lr * grad(p)
        path.append(p)
    return np.array(path)


def _descend_astronomically_long(grad, p0, lr, num_steps):
    p, path = p0.copy(), [p0.copy()]
    for _ in range(num_steps ** 20):  # ** typed for *: 6**20 steps, the loop never ends in practice
        p = p - lr * grad(p)
        path.append(p)
    return np.array(path)


def _naive_cross_entropy(logits, labels):
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(labels)), labels]))


def _accuracy_shifting_logits_in_place(logits, labels):
    logits.sub_(logits.max(dim=1, keepdim=True).values)  # harmless for argmax, but the caller's tensor changes
    return (logits.argmax(dim=1) == labels).float().mean().item()


ROWS = [
    # --- wrong shape or dtype ---------------------------------------------------------
    ("wrong shape or dtype", lambda: p_mnist.show_digits(np.zeros((2, 10)), [1, 2]), ValueError, "images must have shape (n, 28, 28) or (n, 784)"),
    ("wrong shape or dtype", lambda: p_perc.draw_boundary(_ax(), np.ones(3), 0.0, X3, Y3), ValueError, "w must have shape (2,)"),
    ("wrong shape or dtype", lambda: p_perc.plot_decision_regions(lambda P: P[:, 0], np.zeros(3), np.zeros(3)), ValueError, "X must have shape (N, 2)"),
    ("wrong shape or dtype", lambda: p_descent.plot_descent(_bowl, {"lr 0.1": np.zeros(3)}), ValueError, "paths['lr 0.1'] must have shape (N, 2)"),
    ("wrong shape or dtype", lambda: p_mnist.confusion_matrix([0.0, 1.0], [0, 1]), TypeError, "y_true must be integer class indices"),
    ("wrong shape or dtype", lambda: p_mnist.plot_confusion_matrix(np.zeros(3)), ValueError, "cm must have 2 dimension(s)"),
    ("wrong shape or dtype", lambda: p_mnist.show_weight_templates(np.zeros((784, 10))), ValueError, "weight must have shape (10, 784)"),
    ("wrong shape or dtype", lambda: p_neuron.output_grid(lambda X: X), ValueError, "neuron must return one output per row of X"),
    ("wrong shape or dtype", lambda: p_neuron.plot_output_surface(lambda X: X[:, 0], np.zeros((3, 3)), np.zeros(3)), ValueError, "X must have shape (N, 2)"),
    ("wrong shape or dtype", lambda: p_perc.draw_boundary(_ax(), W_OK, 0.0, X3, np.zeros(4)), ValueError, "y must have shape (3,)"),
    ("wrong shape or dtype", lambda: p_perc.draw_boundary(_ax(), W_OK, 0.0, X3, np.array([0, 2, 1])), ValueError, "y must hold the labels 0 and 1"),
    ("wrong shape or dtype", lambda: c_neuron.check_layer_forward(lambda X, W, b: (X @ W + b).T), HINT, "has shape (3, 5), expected (5, 3)"),
    ("wrong shape or dtype", lambda: c_bp.check_weight_gradient(lambda d, h: (d.T @ h, d.sum(axis=0))), HINT, "transposed"),
    ("wrong shape or dtype", lambda: c_act.check_count_dead_units(lambda H: (H == 0).all(axis=0)), HINT, "return how many there are"),
    ("wrong shape or dtype", lambda: c_perc.check_perceptron_update(lambda w, b, x, y, lr: w), HINT, "should be a pair"),
    # --- empty ------------------------------------------------------------------------
    ("empty", lambda: p_act.plot_activations({}), ValueError, "functions must hold at least one entry"),
    ("empty", lambda: p_loss.plot_loss_curves({}), ValueError, "curves must hold at least one entry"),
    ("empty", lambda: p_act.plot_seed_comparison({"relu": []}, "error", "t"), ValueError, "errors['relu'] must hold at least one value"),
    ("wrong shape or dtype", lambda: p_act.plot_seed_comparison({"relu": [1.0, 2.0], "silu": [1.0]}, "error", "t"),
     ValueError, "one value per seed for every name, equally many (paired runs), got relu: 2, silu: 1"),
    ("wrong type", lambda: p_perc.draw_boundary(_ax(), W_OK, 0.0, X3, Y3, axis_labels="h1"), TypeError,
     "axis_labels must be two strings"),
    ("empty", lambda: p_mnist.show_digits(np.zeros((0, 784)), []), ValueError, "with n >= 1, got (0, 784)"),
    ("empty", lambda: p_perc.draw_boundary(_ax(), W_OK, 0.0, np.zeros((0, 2)), np.zeros(0)), ValueError, "X must hold at least one point"),
    ("empty", lambda: p_mnist.confusion_matrix([], []), ValueError, "y_true must hold at least one label"),
    ("wrong type", lambda: p_depth.plot_error_vs_time([{"depth": 1}], "t"), TypeError, "summaries[0] must be a depth_experiment Summary"),
    ("empty", lambda: p_depth.plot_error_vs_time([], "t"), ValueError, "summaries must hold at least one entry"),
    ("empty", lambda: p_depth.plot_fits(np.array([]), np.array([]), {}, "t"), ValueError, "x must hold at least one value"),
    ("empty", lambda: p_act.plot_activations({"relu": (np.abs, np.sign)}, z=[]), ValueError, "z must hold at least one value"),
    ("empty", lambda: Board("no points", np.zeros((0, 2)), np.zeros(0, dtype=int)), ValueError, "X must have at least one row"),
    ("empty", lambda: c_act.check_count_dead_units(lambda H: []), HINT, "has shape (0,), expected (): an empty array"),
    ("empty", lambda: c_loss.check_mse(lambda y_hat, y: np.array([])), HINT, "has shape (0,), expected ()"),
    # --- NaN/inf ----------------------------------------------------------------------
    ("NaN/inf", lambda: toy_data.xor_points(8, noise=float("nan")), ValueError, "noise must be a finite number >= 0"),
    ("NaN/inf", lambda: toy_data.logistic_map([0.5, np.nan]), ValueError, "x must contain only finite numbers"),
    ("NaN/inf", lambda: figures.draw_mse_parabola(_ax(), truth=np.inf), ValueError, "truth must be a finite number"),
    ("NaN/inf", lambda: p_mnist.show_weight_templates(np.full((10, 784), np.nan)), ValueError, "weight must contain only finite numbers"),
    ("NaN/inf", lambda: p_perc.draw_boundary(_ax(), W_OK, np.nan, X3, Y3), ValueError, "b must contain only finite numbers"),
    ("NaN/inf", lambda: p_descent.plot_descent(lambda p: np.nan, {"a": np.zeros((2, 2))}), ValueError, "the values of loss(p) must contain only finite numbers"),
    ("NaN/inf", lambda: p_loss.plot_loss_curves({"diverged": [0.5, np.inf]}), UserWarning, "curves['diverged'] holds 1 NaN/inf value(s)"),
    ("NaN/inf", lambda: ActivationExplorer(x=float("nan")), ValueError, "x must lie in [-5, 5]"),
    ("NaN/inf", lambda: NeuronPlayground(b=float("nan")), ValueError, "b must lie in [-20, 20]"),
    ("NaN/inf", lambda: c_loss.check_mse(lambda y_hat, y: np.nan), HINT, "contains NaN or inf"),
    ("NaN/inf", lambda: c_act.check_sigmoid_grad(lambda z: np.full_like(z, np.inf)), HINT, "contains NaN or inf"),
    # --- huge or tiny values ----------------------------------------------------------
    ("huge or tiny values", lambda: toy_data.pass_fail_students(10**12), ValueError, "n must be at most 10,000,000"),
    ("huge or tiny values", lambda: toy_data.separable_points(10**9), ValueError, "n must be at most 10,000,000"),
    ("huge or tiny values", lambda: figures.descend_parabola(1e400, 3), ValueError, "lr must be a positive finite number"),
    ("huge or tiny values", lambda: p_loss.plot_neg_log((1e-400,)), ValueError, "marked must hold probabilities in (0, 1]"),
    ("huge or tiny values", lambda: p_descent.plot_gradient_cost(10**7, 1.0, 1.0, target_params=10), ValueError, "target_params must be >= 10000001"),
    ("huge or tiny values", lambda: ActivationExplorer(x=1e308), ValueError, "x must lie in [-5, 5]"),
    ("huge or tiny values", lambda: c_loss.check_cross_entropy(_naive_cross_entropy), HINT, "exp(1000) overflows"),
    ("huge or tiny values", lambda: c_bp.check_descend(_descend_astronomically_long), HINT, "ran for more than 1 s and was stopped"),
    ("huge or tiny values", lambda: c_act.check_sigmoid_grad(lambda z: np.linalg.solve(np.zeros((2, 2)), z[:2])), HINT, "raised LinAlgError: Singular matrix"),
    ("huge or tiny values", lambda: c_depth.check_width_for_budget(lambda depth, budget: 1e30), HINT, "over the budget"),
    # --- wrong type -------------------------------------------------------------------
    ("wrong type", lambda: c_act.check_sigmoid_grad(sigmoid(np.zeros(3))), HINT, "pass the function itself"),
    ("wrong type", lambda: c_loss.check_mse(_no_return), HINT, "forget the `return`"),
    ("wrong type", lambda: c_neuron.check_weighted_sum(lambda x, w, b: "2.4"), HINT, "should be a number or a NumPy array, got str"),
    ("wrong type", lambda: c_loss.check_mse(lambda y_hat, y: ["0.375"]), HINT, "should be a number or a NumPy array, got list"),
    ("wrong type", lambda: c_act.check_leaky_relu(lambda z, slope: np.array([None] * len(z))), HINT, "holds None"),
    ("wrong type", lambda: c_depth.check_width_for_budget(_raises), HINT, "raised ZeroDivisionError"),
    ("wrong type", lambda: c_loss.check_mse(lambda y_hat: y_hat.mean()), HINT, "raised TypeError"),
    ("wrong type", lambda: c_neuron.check_linear_from_weights(lambda w, b: w), HINT, "return the nn.Linear layer itself"),
    ("wrong type", lambda: figures.draw_relu(None), TypeError, "ax must be a matplotlib Axes"),
    ("wrong type", lambda: p_perc.draw_boundary(plt, W_OK, 0.0, X3, Y3), TypeError, "ax must be a matplotlib Axes"),
    ("wrong type", lambda: figures.draw_all(3), TypeError, "out_dir must be a folder path"),
    ("wrong type", lambda: toy_data.xor_points(8, noise="0.1"), TypeError, "noise must be a real number, got str"),
    ("wrong type", lambda: toy_data.pass_fail_students(10, seed=1.5), TypeError, "seed must be an int, got float"),
    ("wrong type", lambda: figures.draw_loss_curve(_ax(), epochs=2.5), TypeError, "epochs must be an int, got float"),
    ("wrong type", lambda: NeuronPlayground(w=0.5), TypeError, "w must be a pair (w1, w2)"),
    ("wrong type", lambda: ActivationExplorer(x="1"), TypeError, "x must be a real number, got str"),
    ("wrong type", lambda: BackpropFlow(seed="0"), TypeError, "seed must be an int, got str"),
    ("wrong type", lambda: NeuronPlayground(seed="0"), TypeError, "seed must be an int, got str"),
    ("wrong type", lambda: flow_values(None), TypeError, "mlp must be a scratch MLP([2, 2, 1])"),
    ("wrong type", lambda: LearningRateExplorer(problem=["surface"]), ValueError, "problem must be one of"),
    ("wrong type", lambda: LearningRateExplorer(optimizer=1), TypeError, "optimizer must be one of ['sgd', 'momentum', 'adam'], got int"),
    ("wrong type", lambda: p_act.plot_activations({"relu": np.abs}), TypeError, "functions['relu'] must be a pair (f, f_prime)"),
    ("wrong type", lambda: p_mnist.plot_history({"run": [0.5, 0.4]}), TypeError, "histories['run'] must be a training History"),
    ("wrong type", lambda: p_descent.plot_descent("x**2", {"a": np.zeros((2, 2))}), TypeError, "loss must be a callable"),
    ("wrong type", lambda: p_perc.plot_decision_regions(lambda P: None, X3, Y3), ValueError, "predict must return labels or class-1 probabilities, got None"),
    ("wrong type", lambda: show_static(3), TypeError, "explorer must be one of the course's explorers"),
    # --- out of range -----------------------------------------------------------------
    ("out of range", lambda: toy_data.pass_fail_students(0), ValueError, "n must be >= 1, got 0"),
    ("out of range", lambda: toy_data.xor_points(8, noise=-0.1), ValueError, "noise must be a finite number >= 0"),
    ("out of range", lambda: toy_data.composed_function(np.array([2.0])), ValueError, "x must lie in [0, 1]"),
    ("out of range", lambda: ActivationExplorer(x=100), ValueError, "x must lie in [-5, 5] (the slider's range), got 100"),
    ("out of range", lambda: ActivationExplorer(slope=-1), ValueError, "slope must lie in [0, 1]"),
    ("out of range", lambda: ActivationExplorer("swish"), ValueError, "unknown activation 'swish'"),
    ("out of range", lambda: NeuronPlayground(w=(5, 0)), ValueError, "w[0] must lie in [-3, 3]"),
    ("out of range", lambda: NeuronPlayground(b=100), ValueError, "b must lie in [-20, 20]"),
    ("out of range", lambda: BackpropFlow(seed=-1), ValueError, "seed must be >= 0"),
    ("out of range", lambda: PerceptronStepper(seed=-1), ValueError, "seed must be >= 0"),
    ("out of range", lambda: LearningRateExplorer("mnist-large"), ValueError, "problem must be one of"),
    ("out of range", lambda: LearningRateExplorer(optimizer="rmsprop"), ValueError, "optimizer must be one of ['sgd', 'momentum', 'adam'], got 'rmsprop'"),
    ("out of range", lambda: Board("three classes", X3, np.array([0, 1, 2])), ValueError, "y must lie in 0..1"),
    ("out of range", lambda: report.Feedback("mse", "passed", "correct"), ValueError, "status must be 'pass', 'fail' or 'todo'"),
    ("out of range", lambda: p_mnist.confusion_matrix([0, 12], [0, 1]), ValueError, "y_true must lie in 0..9"),
    ("out of range", lambda: p_mnist.plot_confusion_matrix(-np.ones((2, 2))), ValueError, "counts >= 0"),
    ("out of range", lambda: p_mnist.show_digits(np.zeros((2, 784)), [1, 2], ncols=0), ValueError, "ncols must be >= 1"),
    ("out of range", lambda: p_loss.plot_neg_log((0.0,)), ValueError, "marked must hold probabilities in (0, 1]"),
    ("out of range", lambda: p_descent.plot_gradient_cost(0, 1.0, 1.0), ValueError, "n_params must be >= 1"),
    ("out of range", lambda: figures.draw_loss_curve(_ax(), epochs=0), ValueError, "epochs must be >= 1"),
    ("out of range", lambda: c_mnist.check_accuracy(lambda logits, labels: 100 * (logits.argmax(1) == labels).float().mean()), HINT, "percentage"),
    # --- call order -------------------------------------------------------------------
    ("call order", lambda: p_mnist.plot_history({"not trained": History()}), ValueError, "has no epochs yet: train first"),
    ("call order", lambda: p_perc.plot_training([], X3, Y3, []), ValueError, "snapshots must hold at least one (w, b)"),
    ("call order", lambda: p_neuron.plot_output_surface(lambda X: X[:, 0], X=X3), ValueError, "X and y go together"),
    ("call order", lambda: c_mnist.check_train_epoch(lambda *args: None), HINT, "the weights never changed"),
    # --- aliasing ---------------------------------------------------------------------
    ("aliasing", lambda: c_act.check_sigmoid_grad(_in_place_sigmoid_grad), HINT, "changed its argument `z` in place"),
    ("aliasing", lambda: c_bp.check_numerical_gradient(_unrestored_gradient), HINT, "put each entry back"),
    ("aliasing", lambda: c_bp.check_descend(_same_row_descend), HINT, "changed its argument `p0` in place: p -= ... changes p0 itself"),
    ("aliasing", lambda: c_perc.check_predict(lambda X, w, b: np.greater(X @ w + b, 0, out=X[:, 0]) * 1.0), HINT, "changed its argument `X` in place"),
    ("aliasing", lambda: c_mnist.check_accuracy(_accuracy_shifting_logits_in_place), HINT, "changed its argument `logits` in place"),
    # --- NumPy/PyTorch mixing ---------------------------------------------------------
    ("NumPy/PyTorch mixing", lambda: p_loss.plot_loss_curves({"a": torch.ones(3, requires_grad=True)}), TypeError, "curves['a'] must be convertible to a NumPy array"),
    ("NumPy/PyTorch mixing", lambda: p_perc.draw_boundary(_ax(), torch.ones(2, requires_grad=True), 0.0, X3, Y3), TypeError, "w must be convertible to a NumPy array"),
    ("NumPy/PyTorch mixing", lambda: p_mnist.confusion_matrix(torch.tensor([0.0, 1.0]), torch.tensor([0, 1])), TypeError, "y_true must be integer class indices"),
    ("NumPy/PyTorch mixing", lambda: NeuronPlayground(w=torch.tensor([0.1, 0.2])), TypeError, "w[0] must be a real number, got Tensor"),
    ("NumPy/PyTorch mixing", lambda: c_mnist.check_accuracy(lambda logits, labels: logits.argmax(1) == labels), HINT, "return one number"),
    ("NumPy/PyTorch mixing", lambda: c_neuron.check_linear_from_weights(lambda w, b: (w.numpy(), b.numpy())), HINT, "return the nn.Linear layer itself, got tuple"),
    ("NumPy/PyTorch mixing", lambda: c_loss.check_mse(lambda y_hat, y: torch.tensor(np.mean(y_hat - y), requires_grad=True)), HINT, "square each difference"),
    # --- the checks' sandbox: what a student's function can do to the check calling it ------
    ("wrong type", lambda: _in_sandbox(42), HINT, "pass the function itself, without calling it"),
    ("wrong type", lambda: _in_sandbox(lambda x: (v for v in x)), HINT, "should be a number or a NumPy array, got generator"),
    ("empty", lambda: _in_sandbox(lambda x: None), HINT, "did you forget the `return`"),
    ("call order", lambda: _in_sandbox(_exits), HINT, "called sys.exit()"),
    ("call order", lambda: _in_sandbox(_raises_generator_exit), HINT, "raised GeneratorExit"),
    ("call order", lambda: _in_sandbox(_swallows_the_stop), HINT, "was stopped"),
    ("out of range", lambda: _in_sandbox(_recurses_forever), HINT, "needs a case that stops the calls"),
    ("huge or tiny values", lambda: _in_sandbox(lambda x: x * 1e308 * 10), HINT, "contains NaN or inf"),
    ("NaN/inf", lambda: _in_sandbox(lambda x: x / 0), HINT, "contains NaN or inf"),
    ("aliasing", lambda: _in_sandbox(_doubles_in_place), HINT, "changed its argument `x` in place"),
]


def _in_sandbox(student):
    """A check of x -> 2 x run on the student's function: the sandbox's hints, whatever the function does."""
    from course_utils.checks.compare import compare
    from course_utils.checks.exercise import run_check

    def body():
        with np.errstate(all="ignore"):
            x = np.array([1.0, 2.0])
            return compare("sandbox", sandbox.call_student(student, x), 2 * np.array([1.0, 2.0]), [], "your result")
    return run_check("sandbox", body)


def _exits(x):
    import sys
    sys.exit(0)


def _raises_generator_exit(x):
    raise GeneratorExit()


def _swallows_the_stop(x):
    while True:
        try:
            x = x + 1
        except Exception:  # the bare `except:` is in tests/test_feedback.py (it needs Python >= 3.11)
            pass


def _recurses_forever(x):
    return _recurses_forever(x)


def _doubles_in_place(x):
    x *= 2
    return x


@pytest.fixture(autouse=True)
def _short_time_limit_and_no_open_figures(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)  # a stopped loop costs one second, not ten
    yield
    plt.close("all")


def test_every_row_has_a_known_category_and_every_category_has_rows():
    assert_every_category_is_tried(ROWS)


@pytest.mark.parametrize("category, call, expected, fragment", ROWS,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(ROWS)])
def test_bad_input_is_refused_with_a_clear_message(category, call, expected, fragment, capsys):
    if expected == HINT:
        result = call()
        assert isinstance(result, report.Feedback) and result.status == "fail"
        assert fragment in result.message
        assert fragment in capsys.readouterr().out  # the student sees the hint printed
    else:
        assert_refused(category, call, expected, fragment)
