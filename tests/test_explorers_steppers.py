"""Perceptron stepper and backprop flow, driven by their buttons and sliders."""

import numpy as np
import pytest

from course_utils import scratch
from course_utils.explorers.backprop import N_STAGES, X_INPUT, Y_TARGET, BackpropFlow
from course_utils.explorers.perceptron import MAX_EPOCHS, N_POINTS, PerceptronStepper


def browser_update(widget, value):
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                             "buffer_paths": []}}, "buffers": []})


def test_perceptron_step_applies_the_rule_to_one_sample_on_each_board():
    stepper = PerceptronStepper()
    before = stepper.png
    stepper.step_button.click()
    for board in stepper.boards:
        reference = scratch.Perceptron(2, lr=1.0)
        reference.step_once(board.X[0], board.y[0])
        np.testing.assert_array_equal(board.perceptron.w, reference.w)
        assert board.perceptron.b == reference.b
        assert board.cursor == 1 and board.last == 0
    assert "sample 1/40" in stepper.message
    assert stepper.png != before


def test_perceptron_epoch_matches_fit_epoch_and_counts_mistakes():
    stepper = PerceptronStepper()
    stepper.epoch_button.click()
    for board in stepper.boards:
        reference = scratch.Perceptron(2, lr=1.0)
        mistakes = reference.fit_epoch(board.X, board.y)
        np.testing.assert_array_equal(board.perceptron.w, reference.w)
        assert board.mistakes_per_epoch == [mistakes]
    assert stepper.epoch_slider.value == 1 and stepper.epoch == 1


def test_separable_board_converges_and_xor_never_does():
    stepper = PerceptronStepper()
    browser_update(stepper.epoch_slider, 20)
    separable, xor = stepper.boards
    assert separable.converged and not separable.misclassified.any()
    assert "converged" in stepper.message
    assert min(xor.mistakes_per_epoch) > 0 and xor.misclassified.any()


def test_perceptron_slider_replays_and_buttons_keep_it_in_step():
    stepper = PerceptronStepper()
    for _ in range(N_POINTS + 3):
        stepper.step_button.click()
    assert stepper.epoch_slider.value == 1 and stepper.cursor == 3
    stepper.epoch_slider.value = 2  # replays two full epochs from the start
    replayed = stepper.boards[0].perceptron.w.copy()
    stepper.reset_button.click()
    stepper.epoch_button.click()
    stepper.epoch_button.click()
    np.testing.assert_array_equal(stepper.boards[0].perceptron.w, replayed)
    stepper.reset_button.click()
    assert stepper.epoch == 0 and stepper.cursor == 0 and stepper.epoch_slider.value == 0


def test_perceptron_presses_past_the_limit_change_nothing():
    stepper = PerceptronStepper()
    stepper.epoch_slider.value = MAX_EPOCHS
    w = stepper.boards[1].perceptron.w.copy()
    for _ in range(3):
        stepper.epoch_button.click()
        stepper.step_button.click()
    assert stepper.epoch == MAX_EPOCHS and stepper.epoch_slider.value == MAX_EPOCHS
    np.testing.assert_array_equal(stepper.boards[1].perceptron.w, w)
    assert f"limit of {MAX_EPOCHS} epochs" in stepper.message


def scratch_pass(flow):
    """The scratch MLP's own forward and backward on the flow's input."""
    mlp = flow.mlp
    mlp.zero_grad()
    y_hat = mlp.forward(X_INPUT)
    mlp.backward(scratch.mse_grad(y_hat, Y_TARGET))
    return y_hat, mlp.parameters()


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_backprop_numbers_equal_the_scratch_mlp(seed):
    flow = BackpropFlow(seed=seed)
    y_hat, (W1, b1, W2, b2) = scratch_pass(flow)
    v = flow.values
    assert v["y_hat"] == pytest.approx(float(y_hat[0, 0]), abs=1e-12)
    assert v["loss"] == pytest.approx(float(scratch.mse(y_hat, Y_TARGET)), abs=1e-12)
    np.testing.assert_allclose(v["h"], flow.mlp.layers[1].forward(X_INPUT @ W1.data + b1.data)[0])
    np.testing.assert_allclose(v["dW1"], W1.grad, atol=1e-12)
    np.testing.assert_allclose(v["db1"], b1.grad, atol=1e-12)
    np.testing.assert_allclose(v["dW2"], W2.grad[:, 0], atol=1e-12)
    assert v["db2"] == pytest.approx(float(b2.grad[0]), abs=1e-12)


def test_backprop_buttons_reveal_forward_then_backward_in_order():
    flow = BackpropFlow()
    flow.backward_button.click()
    assert flow.stage == 0 and "forward pass first" in flow.message
    pictures = {flow.png}
    for stage in range(1, 5):
        flow.forward_button.click()
        assert flow.stage == stage
        pictures.add(flow.png)
    assert f"{flow.values['loss']:.4f}" in flow.message
    flow.forward_button.click()
    assert flow.stage == 4 and "forward pass is complete" in flow.message
    for stage in range(5, N_STAGES + 1):
        flow.backward_button.click()
        assert flow.stage == stage
        pictures.add(flow.png)
    assert len(pictures) == N_STAGES + 1  # every step drew something new
    assert f"{flow.values['dW1'][1, 1]:.4f}" in flow.message


def test_backprop_many_presses_past_the_end_and_reset():
    flow = BackpropFlow()
    for _ in range(30):
        flow.forward_button.click()
        flow.backward_button.click()
    assert flow.stage == N_STAGES and "every gradient is shown" in flow.message
    flow.reset_button.click()
    assert flow.stage == 0 and flow.stage_slider.value == 0
    assert flow.png == flow.default_png


def test_backprop_slider_jumps_to_any_step():
    flow = BackpropFlow()
    browser_update(flow.stage_slider, 7)
    assert flow.stage == 7
    assert f"δ₁ = σ'(z₁)·W²₁·∂L/∂ŷ = {flow.values['delta'][0]:.4f}" in flow.message


def test_a_click_sent_by_the_browser_steps_the_flow():
    flow = BackpropFlow()
    flow.forward_button._handle_msg({"content": {"data": {"method": "custom",
                                                          "content": {"event": "click"}}},
                                      "buffers": []})
    assert flow.stage == 1 and "hidden 1" in flow.message
