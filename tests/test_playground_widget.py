"""The playground widget, driven from Python as the browser would: frames, pause, step, restart, presets, state."""

import asyncio
import time

import numpy as np
import pytest
from IPython.display import Image

from course_utils.checks import playground as checks
from course_utils.explorers import show_static
from course_utils.playground import PRESETS, Config, Playground


def browser_update(widget, **state):
    """Replay the message JupyterLab sends when a control changes."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
                        "buffers": []})


def browser_click(button):
    button._handle_msg({"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []})


def test_playing_frames_trains_and_redraws():
    pg = Playground(preset="xor_hidden", seed=0)
    before, loss = pg.png, pg.train_loss
    pg.play_frames(10)
    assert pg.epoch == 10 and pg.train_loss < loss
    assert pg.png != before
    assert "epoch 10" in pg.epoch_label.value and "epoch 10:" in pg.message


def test_play_counts_from_the_browser_run_frames_only_while_playing():
    pg = Playground(preset="circle", steps_per_frame=2)
    browser_update(pg.play_widget, value=1)
    assert pg.epoch == 0  # not playing
    browser_update(pg.play_widget, **{pg._playing_trait: True})
    browser_update(pg.play_widget, value=2)
    time.sleep(pg.play_widget.interval / 1000)
    browser_update(pg.play_widget, value=3)
    assert pg.epoch == 4
    pg.pause()
    png = pg.png
    time.sleep(pg.play_widget.interval / 1000)
    browser_update(pg.play_widget, value=4)  # a count that was already on its way: dropped
    assert pg.epoch == 4 and pg.png == png and not pg.playing


def test_counts_queued_behind_a_slow_frame_are_dropped():
    pg = Playground(preset="circle")
    pg.play()
    browser_update(pg.play_widget, value=1)
    for value in range(2, 7):  # arriving back to back: one waited during the frame, the rest are a backlog
        browser_update(pg.play_widget, value=value)
    assert pg.epoch == 2
    time.sleep(0.01)
    browser_update(pg.play_widget, value=7)  # the timer again: runs
    assert pg.epoch == 3


def test_step_trains_one_epoch_and_the_button_does_the_same():
    pg = Playground()
    pg.step()
    browser_click(pg.step_button)
    assert pg.epoch == 2


def test_restart_returns_to_the_first_picture_and_reset_draws_a_new_one():
    pg = Playground(preset="spiral")
    first = pg.png
    pg.play_frames(5)
    pg.restart()
    assert pg.epoch == 0 and pg.png == first and pg.static_png() == pg.default_png and pg.config.seed == 0
    pg.reset()
    assert pg.epoch == 0 and pg.config.seed == 1 and pg.png != first and pg.static_png() != pg.default_png


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_opens_with_its_sentence_and_trains(name):
    pg = Playground(preset=name)
    why, config = PRESETS[name]
    assert pg.message.startswith(why) and pg.config == config
    pg.play_frames(3)
    assert pg.epoch >= 1


def test_the_high_learning_rate_preset_diverges_pauses_and_says_why():
    pg = Playground(preset="high_lr")
    pg.play()
    pg.play_frames(20)
    assert not pg.playing and pg.epoch < 20
    assert "diverged at epoch" in pg.message and "smaller learning rate" in pg.message


def test_a_dead_layer_is_pointed_out():
    pg = Playground(activation="relu", hidden=(3,))
    pg.trainer.model.layers[0].b.data[:] = -100.0
    pg.step()
    assert "layer 1 is dead: all its 3 neurons have zero gradient" in pg.message


def test_state_string_restores_the_configuration_and_the_epoch():
    pg = Playground(preset="xor", seed=3, hidden=(3,))
    pg.play_frames(6)
    copy = Playground.from_state(pg.state_string())
    assert copy.config == pg.config and copy.epoch == 6
    assert copy.test_loss == pg.test_loss and copy.png == pg.png
    other = Playground()
    other.state_text.value = pg.state_string()
    browser_click(other.load_button)
    assert other.config == pg.config and other.epoch == 6


def test_pasting_a_broken_state_says_so_and_changes_nothing():
    pg = Playground()
    pg.state_text.value = "PG1.garbage"
    browser_click(pg.load_button)
    assert "could not load the state: state is not a readable playground state" in pg.message
    assert pg.config == Config()


def test_controls_rebuild_the_network_and_restart():
    pg = Playground()
    pg.play_frames(2)
    browser_update(pg.activation_menu, index=pg.activation_menu.options.index("relu"))  # a Dropdown syncs its index
    assert pg.config.activation == "relu" and pg.epoch == 0
    browser_click(pg.add_layer)
    assert pg.config.hidden == (4, 2, 4)
    plus = pg.layer_box.children[1].children[2]
    browser_click(plus)
    assert pg.config.hidden == (4, 3, 4)
    browser_click(pg.remove_layer)
    browser_update(pg.feature_boxes["x1^2"], value=True)
    assert pg.config.features == ("x1", "x2", "x1^2") and pg.trainer.model.sizes == [3, 4, 3, 1]
    browser_update(pg.dataset_menu, index=pg.dataset_menu.options.index("sin"))
    assert pg.config.regression and pg.config.features == ("x1", "x1^2")
    assert pg.feature_boxes["x2"].disabled


def test_unticking_the_last_feature_is_refused_in_words_and_the_box_ticks_again():
    pg = Playground(features=("x1",))
    browser_update(pg.feature_boxes["x1"], value=False)
    assert pg.config.features == ("x1",) and pg.feature_boxes["x1"].value
    assert "not changed: features must name at least one feature" in pg.message


def test_values_set_in_code_outside_the_sliders_usual_range_survive_another_control():
    pg = Playground(noise=0.8, n=20)
    assert (pg.noise_slider.value, pg.n_slider.value) == (0.8, 20)
    browser_update(pg.lr_slider, index=pg.lr_slider.options.index(0.1))
    assert (pg.config.lr, pg.config.noise, pg.config.n) == (0.1, 0.8, 20)


def test_the_epochs_per_frame_slider_shows_the_count_each_frame_trains():
    pg = Playground(steps_per_frame=500)
    assert pg.speed_slider.value == 500 and pg.speed_slider.max >= 500


def test_minus_on_a_width_1_layer_changes_nothing_and_training_goes_on():
    pg = Playground(hidden=(1,))
    pg.play_frames(3)
    epoch = pg.epoch
    browser_click(pg.layer_box.children[0].children[0])  # − on the width-1 layer
    assert pg.config.hidden == (1,) and pg.epoch == epoch > 0


def test_a_tiny_data_set_keeps_points_to_train_on():
    pg = Playground(n=4, test_fraction=0.9)
    assert len(pg.trainer.data.y_train) >= 2 and len(pg.trainer.data.y_test) >= 1
    pg.play_frames(2)
    assert pg.diverged is None


def test_changing_the_width_past_its_limit_stays_within_it():
    pg = Playground(hidden=(8,))
    browser_click(pg.layer_box.children[0].children[2])
    assert pg.config.hidden == (8,)


def test_network_drawing_has_a_node_per_neuron_and_weights_on_hover():
    pg = Playground(hidden=(4, 2), features=("x1", "x2", "sin(x1)"))
    svg = pg.network.value
    assert svg.count("<image") == 3 + 4 + 2 + 1
    assert svg.count("<line") == 3 * 4 + 4 * 2 + 2 * 1
    w = pg.trainer.weights[1][2, 1]
    assert f"layer 1 3 → layer 2 2: w = {w:.4g}" in svg


def test_regression_draws_a_curve_and_names_the_mse():
    pg = Playground(preset="wide")
    assert "train MSE" in pg.message and pg.png[:4] == b"\x89PNG"


def test_display_sends_the_widget_view_on_ipywidgets_7_and_8():
    pg = Playground()
    bundle = pg._repr_mimebundle_()
    assert bundle["text/plain"] == "Playground: run the notebook to use it"
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == pg.widget.model_id


# network: 20 px of margin + 120 px per column − 80; then a 10 px gap and the 240 px output picture
@pytest.mark.parametrize("preset, width", [("xor_hidden", 300 + 10 + 240), ("deep", 420 + 10 + 240)])
def test_the_static_picture_is_the_network_beside_the_output(preset, width):
    import io

    from PIL import Image as PILImage

    pg = Playground(preset=preset)
    picture = np.asarray(PILImage.open(io.BytesIO(pg.default_png)).convert("RGB"))
    main = np.asarray(PILImage.open(io.BytesIO(pg.png)).convert("RGB"))
    assert picture.shape[1] == width
    np.testing.assert_array_equal(picture[:240, -240:], main)  # the heat map (or curve) on the right


def test_show_static_displays_the_first_picture(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    show_static(Playground(preset="xor"))
    assert isinstance(shown[0], Image) and shown[0].data[:4] == b"\x89PNG"


@pytest.mark.parametrize("kwargs, error, words", [
    ({"preset": "moon"}, ValueError, "preset must be one of"),
    ({"steps_per_frame": 0}, ValueError, "steps_per_frame must be >= 1"),
    ({"hidden": (12,)}, ValueError, "hidden must hold"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
])
def test_bad_arguments_name_themselves(kwargs, error, words):
    with pytest.raises(error, match=words):
        Playground(**kwargs)


# ----- the check of notebook 07 -----
def _reference_state():
    pg = Playground(preset="spiral", hidden=(4,), lr=0.03)
    pg.step(300)
    return pg.state_string()


@pytest.fixture(scope="module")
def reference_state():
    return _reference_state()


def test_the_reference_state_passes_after_retraining(reference_state, capsys):
    feedback = checks.check_smallest_spiral(lambda: reference_state)
    assert feedback.passed, feedback.message
    assert "test loss 0.3511 with 37 parameters" in feedback.message


def test_a_state_reaching_the_loss_with_too_many_parameters_is_told_to_shrink(reference_state):
    feedback = checks.check_smallest_spiral(lambda: reference_state, budget=30)
    assert not feedback.passed and "with at most 30 parameters" in feedback.message


def test_a_state_that_misses_the_target_is_told_by_how_much():
    pg = Playground(preset="spiral", hidden=(2,))
    pg.step(5)
    feedback = checks.check_smallest_spiral(lambda: pg.state_string())
    assert not feedback.passed and "above the target 0.4" in feedback.message


def test_a_state_on_easier_data_is_refused():
    pg = Playground(preset="spiral", hidden=(2,), noise=0.0)
    feedback = checks.check_smallest_spiral(lambda: pg.state_string())
    assert not feedback.passed and "other data ({'noise': 0.0})" in feedback.message


def test_a_tampered_state_is_refused_with_the_reason(reference_state):
    tampered = reference_state[:-6] + ("A" if reference_state[-6] != "A" else "B") + reference_state[-5:]
    feedback = checks.check_smallest_spiral(lambda: tampered)
    assert not feedback.passed and ("checksum" in feedback.message or "not a readable" in feedback.message)


def test_the_stub_is_not_done_yet_and_a_wrong_type_gets_a_hint():
    def stub():
        raise NotImplementedError()

    assert checks.check_smallest_spiral(stub).status == "todo"
    feedback = checks.check_smallest_spiral(lambda: 42)
    assert not feedback.passed and "should return the state string" in feedback.message


def test_the_course_answer_is_the_reference_state_and_is_registered_as_exercise_3(reference_state):
    assert checks.course_spiral_state() == reference_state
    assert checks.SPIRAL.reference is checks.course_spiral_state and checks.SPIRAL.number == 3
    assert 2 <= len(checks.SPIRAL.hints) <= 4 and "def smallest_spiral_state" in checks.SPIRAL.solution_text()
    assert checks.LESSON.notebook == "07_depth_vs_width"


def _trained(epochs, **config):
    pg = Playground(preset="spiral", **config)
    if epochs:
        pg.step(epochs)
    return pg


@pytest.mark.parametrize("answer, words", [
    (lambda: _trained(1), "returned the playground itself: return its state string"),
    (lambda: _trained(1).config, "returned a Config: return the state string"),
    (lambda: _trained(0).state_string(), "has not been trained (epoch 0)"),
    (lambda: _trained(1001, hidden=(1,)).state_string(), "trained 1001 epochs; stay within 1000"),
    (lambda: _trained(10, optimizer="momentum", lr=10.0).state_string(), "retraining diverged at epoch 5"),
    (lambda: "hidden=(4,), lr=0.03", "must start with 'PG1.'"),
    (lambda: _trained(1).state_string()[:-10], "not a readable playground state"),
], ids=["playground", "config", "untrained", "too-many-epochs", "diverges", "not-a-state", "cut-short"])
def test_typical_wrong_answers_get_their_own_hint(answer, words):
    feedback = checks.check_smallest_spiral(answer)
    assert feedback.status == "fail" and words in feedback.message, feedback.message


# ----- what the presets' sentences promise -----
def _accuracy(trainer):
    z = trainer.walk(trainer.X_train)[1][:, 0]
    return float(((z > 0) == trainer.data.y_train).mean())


def test_xor_without_a_hidden_layer_stays_wrong_and_with_one_learns():
    alone, hidden = Playground(preset="xor"), Playground(preset="xor_hidden")
    alone.step(100)
    hidden.step(100)
    assert _accuracy(alone.trainer) <= 0.8 < 0.95 <= _accuracy(hidden.trainer)


def test_step_activation_freezes_the_hidden_layers():
    pg = Playground(preset="activations", activation="step")
    first = pg.trainer.model.parameters()[0].data.copy()
    pg.step(10)
    np.testing.assert_array_equal(pg.trainer.model.parameters()[0].data, first)


def test_relu_with_a_learning_rate_of_1_kills_neurons_and_says_so():
    pg = Playground(preset="activations", lr=1.0)
    pg.step(30)
    assert pg.trainer.dead_layers() and "dead" in pg.message


def test_the_depth_presets_have_the_parameter_counts_their_sentences_give():
    for name, count in [("wide", 25), ("deep", 27)]:
        assert f"{count} parameters" in PRESETS[name][0]
        assert Playground(preset=name).trainer.num_parameters == count


def test_in_a_kernel_frames_come_from_its_event_loop_until_paused():
    async def play_then_pause():
        pg = Playground(preset="circle")
        pg.play()
        await asyncio.sleep(0.4)
        browser_update(pg.play_widget, value=1)  # the browser's count is not a second source of frames
        pg.pause()
        stopped_at, png = pg.epoch, pg.png
        await asyncio.sleep(0.2)
        return pg, stopped_at, png

    pg, stopped_at, png = asyncio.run(play_then_pause())
    assert stopped_at >= 3 and pg.epoch == stopped_at and pg.png == png and not pg.playing


def test_a_diverging_run_stops_its_event_loop_task():
    async def play_until_stopped():
        pg = Playground(preset="high_lr")
        pg.play()
        for _ in range(200):
            await asyncio.sleep(0.02)
            if not pg.playing:
                break
        await asyncio.sleep(0.1)  # the task ends once its last pause between frames is over
        return pg

    pg = asyncio.run(play_until_stopped())
    assert pg.diverged and not pg.playing and not pg._looping


def test_a_state_too_long_to_replay_is_refused_before_training():
    import time

    from course_utils.playground import encode_state
    spiral = PRESETS["spiral"][1]
    text = encode_state(spiral.replace(batch_size=1, hidden=(8, 8, 8, 8)), epochs=1000)
    started = time.monotonic()
    with pytest.raises(ValueError, match=r"replaying 1,000 epochs of \d+ steps each .* at most 20,000 steps"):
        Playground.from_state(text)
    result = checks.check_smallest_spiral(lambda: text)
    assert result.status == "fail" and "cannot be checked" in result.message
    assert time.monotonic() - started < 5
