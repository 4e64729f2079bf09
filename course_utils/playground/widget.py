"""The playground widget: controls, a Play button and the pictures, around a :class:`Trainer`.

While playing, a task on the kernel's own event loop runs one frame every
``INTERVAL_MS`` (``steps_per_frame`` epochs, then the pictures) and yields
between frames, so a click on pause is handled after the frame in progress
and stops the work at once. No thread, and no round trip to the browser per
frame: waiting for the browser's timer (the ``Play`` widget's counts) capped
the rate at about 16 frames a second. Without a running event loop (plain
Python) the counts drive the frames instead. Tests drive it from Python: ``step()``, ``play_frames(n)``,
``pause()``, ``restart()``, ``reset()``, ``state_string()``,
``Playground.from_state(text)``.

CSS classes for the browser test: ``cu-playground`` (root), ``cu-playground-play``,
``-step``, ``-reset``, ``-restart``, ``-epoch`` (the counter), ``-plot`` (heat map),
``-network`` (SVG), ``-curve`` (losses), ``-label`` (the sentences), ``-state``, ``-load``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import numpy as np

from ..explorers._base import message_html, styled, widget_mimebundle
from ..scratch.activations import ACTIVATIONS
from ..validation import check_int
from . import render
from .config import (BATCH_CHOICES, FEATURES, FEATURES_1D, L2_CHOICES, MAX_LAYERS, MAX_POINTS, MAX_WIDTH, OPTIMIZERS,
                     Config, expand_features)
from .data import BOX, DATASETS
from .presets import PRESETS
from .state import decode_state, encode_state
from .trainer import Trainer

__all__ = ["Playground", "LR_CHOICES"]

LR_CHOICES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
GRID = 60  # heat-map cells per side
SCALE = 4  # pixels per cell: a 240 × 240 picture
SMALL = 3  # the neurons' small maps use every 3rd cell (20 × 20), drawn 2 pixels a cell
NODE = 40  # pixels per side of a node's small map
SIZE = GRID * SCALE
NOISE_MAX, POINTS_MIN = 0.5, 50  # the sliders' usual ranges (Config allows noise up to 1 and as few as 4 points)
INTERVAL_MS = 30  # at most 33 frames a second; a slower frame is followed at once by the next
BACKLOG_S = 0.002  # a timer count handled this soon after a frame ended had been waiting in a queue


def _number(x: float) -> str:
    return f"{x:.4f}" if abs(x) < 1e4 else f"{x:.3g}"


def _options(choices, value):
    return sorted(set(choices) | {value})


@dataclass(frozen=True)
class Control:
    """One setting's control: made from its row, shown from the Config, read back into it.

    field : the Config field. attr, css : the Playground's attribute and the control's CSS suffix.
    make : the widget. choices : a slider or menu over fixed steps, to which a value set in code is added
    (shown, not reset by the next change). widen : ("max", usual) or ("min", usual): a slider whose usual
    range is widened to hold a value set in code. read : the control's value as the field takes it.
    """

    field: str
    attr: str
    css: str
    make: Callable[[], widgets.ValueWidget]
    choices: tuple = ()
    widen: tuple = ()
    read: Callable = lambda value: value


# One row per setting with a control (the features and the layers have theirs apart).
CONTROLS = (
    Control("dataset", "dataset_menu", "dataset", lambda: widgets.Dropdown(options=list(DATASETS), description="data")),
    Control("noise", "noise_slider", "noise",
            lambda: widgets.FloatSlider(min=0.0, max=NOISE_MAX, step=0.05, description="noise"), widen=("max", NOISE_MAX)),
    Control("n", "n_slider", "n", lambda: widgets.IntSlider(min=POINTS_MIN, max=MAX_POINTS, step=50, description="points"),
            widen=("min", POINTS_MIN)),
    Control("test_fraction", "test_slider", "test",
            lambda: widgets.FloatSlider(min=0.1, max=0.9, step=0.1, description="test share"),
            read=lambda value: round(value, 2)),
    Control("activation", "activation_menu", "activation",
            lambda: widgets.Dropdown(options=list(ACTIVATIONS), description="activation")),
    Control("lr", "lr_slider", "lr", lambda: widgets.SelectionSlider(options=list(LR_CHOICES), description="learning rate"),
            choices=LR_CHOICES),
    Control("optimizer", "optimizer_menu", "optimizer",
            lambda: widgets.Dropdown(options=list(OPTIMIZERS), description="optimiser")),
    Control("batch_size", "batch_slider", "batch",
            lambda: widgets.SelectionSlider(options=list(BATCH_CHOICES), description="batch"), choices=BATCH_CHOICES),
    Control("l2", "l2_menu", "l2", lambda: widgets.Dropdown(options=list(L2_CHOICES), description="L2"),
            choices=L2_CHOICES),
)


class Playground:
    """Train the course's NumPy network live and watch it learn.

    Parameters
    ----------
    preset : str, optional
        A name from ``PRESETS`` ("xor", "spiral", "high_lr", ...): its configuration and its sentence.
    seed : int, optional
        Seed of the initial weights (overrides the preset's).
    steps_per_frame : int, default 1
        Epochs trained per frame while playing.
    **config : fields of :class:`Config` overriding the preset (``hidden=(8, 8)``, ``lr=0.1``, ...).
    """

    css_name = "playground"

    def __init__(self, preset: str | None = None, *, seed: int | None = None, steps_per_frame: int = 1, **config):
        if preset is not None and preset not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {preset!r}")
        self.why, base = PRESETS[preset] if preset else ("", Config())
        if seed is not None:
            config["seed"] = seed
        self.preset = preset
        self.trainer = Trainer(base.replace(**config) if config else base)
        self.steps_per_frame = check_int(steps_per_frame, "steps_per_frame")
        self.note = ""
        self._syncing = False
        self._last_frame_end, self._was_behind = -float("inf"), False
        self._task = None  # the event-loop task that plays, while playing in a kernel
        self._build()
        self._sync_controls()
        self._redraw()
        self.default_png = self.static_png()  # what show_static() displays

    @classmethod
    def from_state(cls, text: str, **kwargs) -> "Playground":
        """A playground restored from a state string: same configuration, trained to the same epoch."""
        config, epochs = decode_state(text)
        playground = cls(**kwargs, **{k: getattr(config, k) for k in config.as_dict()})
        playground.trainer.check_replay(epochs)
        if epochs:
            playground.step(epochs)
        return playground

    # ----- the Python API -----
    @property
    def config(self) -> Config:
        return self.trainer.config

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    @property
    def train_loss(self) -> float:
        return self.trainer.train_losses[-1]

    @property
    def test_loss(self) -> float:
        return self.trainer.test_losses[-1]

    @property
    def diverged(self) -> str | None:
        return self.trainer.diverged

    @property
    def playing(self) -> bool:
        return bool(getattr(self.play_widget, self._playing_trait))

    @property
    def png(self) -> bytes:
        """PNG bytes of the heat map (or curve) as drawn now."""
        return bytes(self.image.value)

    def step(self, epochs: int = 1) -> None:
        """Train ``epochs`` epochs (one by default), then redraw once."""
        self.trainer.step(epochs)
        self._after_training()

    def play_frames(self, frames: int) -> None:
        """Run ``frames`` frames as the Play timer would (``steps_per_frame`` epochs and a redraw each)."""
        for _ in range(check_int(frames, "frames")):
            if self.trainer.diverged:
                break
            self._frame()

    def play(self) -> None:
        """Start the timer (in a browser the frames then come by themselves)."""
        setattr(self.play_widget, self._playing_trait, True)

    def pause(self) -> None:
        """Stop the timer; the frame in progress is the last one."""
        setattr(self.play_widget, self._playing_trait, False)
        self.state_text.value = self.state_string()

    def restart(self) -> None:
        """The same initial weights again, epoch 0."""
        self.pause()
        self.trainer.restart()
        self._after_training()

    def reset(self) -> None:
        """New initial weights (the seed moves on by one), epoch 0."""
        self.pause()
        self.trainer.reset()
        self._after_training()

    def load_preset(self, name: str) -> None:
        """Switch to a preset's configuration and sentence, epoch 0."""
        if name not in PRESETS:
            raise ValueError(f"name must be one of {sorted(PRESETS)}, got {name!r}")
        self.why, config = PRESETS[name]
        self.preset = name
        self._configure(config)

    def load_state(self, text: str) -> None:
        """Restore a state string into this playground (configuration and epochs)."""
        config, epochs = decode_state(text)
        self.why, self.preset = "", None
        self._configure(config)
        if epochs:
            self.step(epochs)

    def state_string(self) -> str:
        """The text that restores this configuration at this epoch (see ``from_state``)."""
        return encode_state(self.config, self.epoch)

    # ----- widgets -----
    def _build(self) -> None:
        def s(widget, name):
            return styled(widget, f"cu-{self.css_name}-{name}")

        self.play_widget = s(widgets.Play(value=0, min=0, max=10**9, step=1, interval=INTERVAL_MS, description="play"), "play")
        self._playing_trait = "playing" if self.play_widget.has_trait("playing") else "_playing"
        self.step_button = s(widgets.Button(description="step", tooltip="train one epoch"), "step")
        self.reset_button = s(widgets.Button(description="reset", tooltip="new initial weights"), "reset")
        self.restart_button = s(widgets.Button(description="restart", tooltip="the same initial weights again"),
                                "restart")
        self.epoch_label = s(widgets.HTML(), "epoch")
        self.preset_menu = s(widgets.Dropdown(options=[("(none)", "")] + [(k, k) for k in PRESETS],
                                              description="preset"), "preset")
        self.controls = {row.field: s(row.make(), row.css) for row in CONTROLS}  # field -> its control
        for row in CONTROLS:
            setattr(self, row.attr, self.controls[row.field])
        self.feature_boxes = {name: s(widgets.Checkbox(description=name, indent=False,
                                                       layout=widgets.Layout(width="auto")), "feature")
                              for name in FEATURES}
        self.add_layer = s(widgets.Button(description="+ layer", layout=widgets.Layout(width="auto")), "add-layer")
        self.remove_layer = s(widgets.Button(description="− layer", layout=widgets.Layout(width="auto")),
                              "remove-layer")
        self.layer_box = s(widgets.HBox(), "layers")
        self.speed_slider = s(widgets.IntSlider(value=self.steps_per_frame, min=1, max=max(20, self.steps_per_frame),
                                                description="epochs/frame"), "speed")
        self.state_text = s(widgets.Text(description="state", layout=widgets.Layout(width="95%")), "state")
        self.load_button = s(widgets.Button(description="load state", tooltip="restore the pasted state"), "load")
        self.image = s(widgets.Image(format="png", width=SIZE, height=SIZE), "plot")
        self.network = s(widgets.HTML(), "network")
        self.curve = s(widgets.HTML(), "curve")
        self.label = s(widgets.HTML(), "label")

        self.play_widget.observe(self._on_play, "value")
        self.play_widget.observe(self._on_playing, self._playing_trait)
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.restart_button.on_click(lambda _: self.restart())
        self.add_layer.on_click(lambda _: self._change_layers(+1))
        self.remove_layer.on_click(lambda _: self._change_layers(-1))
        self.load_button.on_click(lambda _: self._load_pasted())
        self.preset_menu.observe(self._on_preset, "value")
        self.speed_slider.observe(lambda change: setattr(self, "steps_per_frame", change["new"]), "value")
        for control in [*self.controls.values(), *self.feature_boxes.values()]:
            control.observe(self._on_control, "value")

        buttons = widgets.HBox([self.play_widget, self.step_button, self.restart_button, self.reset_button,
                                self.epoch_label])
        data = widgets.VBox([self.preset_menu, self.dataset_menu, self.noise_slider, self.n_slider, self.test_slider,
                             widgets.HBox(list(self.feature_boxes.values()),
                                          layout=widgets.Layout(flex_flow="row wrap", max_width="390px"))])
        net = widgets.VBox([widgets.HBox([self.remove_layer, self.add_layer, self.layer_box]), self.activation_menu,
                            self.lr_slider, self.optimizer_menu, self.batch_slider, self.l2_menu, self.speed_slider])
        pictures = widgets.HBox([self.network, widgets.VBox([self.image, self.curve])])
        self.widget = styled(widgets.VBox([buttons, widgets.HBox([data, net]), self.label, pictures,
                                           widgets.HBox([self.state_text, self.load_button])]),
                             "cu-explorer", f"cu-{self.css_name}")

    def _sync_controls(self) -> None:
        """Show the trainer's configuration in the controls (without reacting to the change)."""
        c = self.config
        self._syncing = True
        try:
            self.preset_menu.value = self.preset or ""
            for row in CONTROLS:
                control, value = self.controls[row.field], getattr(c, row.field)
                if row.choices:
                    control.options = _options(row.choices, value)
                if row.widen:  # clamped, a value set in code (noise=0.8, n=20) would be reset by the next change
                    bound, usual = row.widen
                    setattr(control, bound, max(usual, value) if bound == "max" else min(usual, value))
                control.value = value
            for name, box in self.feature_boxes.items():
                box.value = name in c.features
                box.disabled = c.regression and name not in FEATURES_1D
            self._build_layer_box()
        finally:
            self._syncing = False

    def _build_layer_box(self) -> None:
        boxes = []
        for i, width in enumerate(self.config.hidden):
            minus = styled(widgets.Button(description="−", layout=widgets.Layout(width="36px")), "cu-playground-minus")
            plus = styled(widgets.Button(description="+", layout=widgets.Layout(width="36px")), "cu-playground-plus")
            minus.on_click(lambda _, i=i: self._change_width(i, -1))
            plus.on_click(lambda _, i=i: self._change_width(i, +1))
            boxes.append(widgets.HBox([minus, widgets.HTML(f"&nbsp;{width}&nbsp;"), plus]))
        self.layer_box.children = boxes
        self.add_layer.disabled = len(self.config.hidden) >= MAX_LAYERS
        self.remove_layer.disabled = not self.config.hidden

    # ----- reacting to the controls -----
    def _on_play(self, change) -> None:
        """A count from the browser's timer: one frame, unless paused or behind.

        The browser counts on its own clock. When frames take longer than its
        interval, counts queue up in the kernel and arrive back to back, within
        ``BACKLOG_S`` of the last frame's end. One such count runs (a count that
        arrived during a frame is normal); a second in a row is a backlog and is
        dropped, so the kernel never works through a queue of frames, and a
        pause takes effect after the frame in progress.
        """
        if self._syncing or not self.playing or change["new"] <= change["old"] or self._looping:
            return
        behind = time.perf_counter() - self._last_frame_end < BACKLOG_S
        if behind and self._was_behind:
            return
        self._was_behind = behind
        self._frame()
        self._last_frame_end = time.perf_counter()

    def _on_playing(self, change) -> None:
        if change["new"]:
            self._start_loop()
        else:  # paused (from the browser too): the state box catches up
            self.state_text.value = self.state_string()

    @property
    def _looping(self) -> bool:
        return self._task is not None and not self._task.done()

    def _start_loop(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python: the Play widget's counts drive the frames
            return
        if not self._looping:
            self._task = loop.create_task(self._play())

    async def _play(self) -> None:
        """Frames until paused or diverged, one every ``INTERVAL_MS`` (or back to back when slower)."""
        while self.playing and not self.trainer.diverged:
            started = time.perf_counter()
            try:
                self._frame()
            except Exception as err:  # a task's error would vanish: say it where the student looks
                self.pause()
                self.label.value = message_html(f"stopped: {type(err).__name__}: {err}")
                return
            self._last_frame_end = time.perf_counter()
            await asyncio.sleep(max(0.0, INTERVAL_MS / 1000 - (self._last_frame_end - started)))

    def _frame(self) -> None:
        self.trainer.step(self.steps_per_frame)
        self._after_training()

    def _after_training(self) -> None:
        if self.trainer.diverged:
            self.pause()
        self._redraw()

    def _on_preset(self, change) -> None:
        if not self._syncing and change["new"]:
            self.load_preset(change["new"])

    def _on_control(self, _change) -> None:
        if self._syncing:
            return
        c = self.config
        features = tuple(name for name, box in self.feature_boxes.items() if box.value)
        if self.dataset_menu.value in ("sin", "composed"):
            features = tuple(f for f in features if f in FEATURES_1D) or ("x1",)
        elif c.regression and features == ("x1",):
            features = ("x1", "x2")  # from a regression back to a 2-D set: both inputs again
        self._try_configure(features=features, **{row.field: row.read(self.controls[row.field].value)
                                                  for row in CONTROLS})

    def _change_layers(self, delta: int) -> None:
        hidden = list(self.config.hidden)
        hidden = hidden + [4] if delta > 0 else hidden[:-1]
        self._try_configure(hidden=tuple(hidden))

    def _change_width(self, layer: int, delta: int) -> None:
        hidden = list(self.config.hidden)
        hidden[layer] = min(max(hidden[layer] + delta, 1), MAX_WIDTH)
        self._try_configure(hidden=tuple(hidden))

    def _try_configure(self, **changes) -> None:
        try:
            config = self.config.replace(**changes)
        except (TypeError, ValueError) as exc:
            self.note = f"not changed: {exc}"
            self._sync_controls()
            self._relabel()
            return
        if config == self.config:  # nothing changed (− on a width-1 layer): training goes on where it was
            self._sync_controls()
            return
        self._configure(config)

    def _configure(self, config: Config) -> None:
        self.pause()
        self.note = ""
        self.trainer.configure(config)
        self._sync_controls()
        self._redraw()

    def _load_pasted(self) -> None:
        try:
            self.load_state(self.state_text.value)
        except (TypeError, ValueError) as exc:
            self.note = f"could not load the state: {exc}"
            self._relabel()

    # ----- pictures and words -----
    def _grid(self) -> np.ndarray:
        if self.config.regression:
            return np.linspace(0.0, 1.0, SIZE)[:, None]
        ticks = np.linspace(-BOX, BOX, GRID)
        gx, gy = np.meshgrid(ticks, ticks[::-1])  # row 0 at the top: the largest x2
        return np.column_stack([gx.ravel(), gy.ravel()])

    def _redraw(self) -> None:
        c, t = self.config, self.trainer
        raw = self._grid()
        with np.errstate(over="ignore", invalid="ignore"):
            layers, out = t.walk(expand_features(raw, c.features))
        self.image.value = render.png_bytes(self._main_picture(out))
        self.network.value = self._network_svg(raw, layers, out)
        self.curve.value = render.loss_svg(t.train_losses, t.test_losses)
        self.epoch_label.value = f"<b>epoch {t.epoch}</b>"
        if not self.playing:  # while playing the box would change every frame: written when paused
            self.state_text.value = self.state_string()
        self._relabel()

    def _main_picture(self, out: np.ndarray) -> np.ndarray:
        """The output over the input space with the points: a heat map, or a curve for a regression."""
        data = self.trainer.data
        train, test = (data.X_train, data.y_train), (data.X_test, data.y_test)
        if self.config.regression:
            ys = np.concatenate([data.y_train, data.y_test])
            pad = 0.15 * (ys.max() - ys.min() + 1e-9)
            return render.curve_map(out[:, 0], (ys.min() - pad, ys.max() + pad), SIZE, train, test)
        with np.errstate(over="ignore", invalid="ignore"):
            p = 0.5 * (1.0 + np.tanh(0.5 * out[:, 0]))  # the probability of class 1
        return render.heat_map((2 * p - 1).reshape(GRID, GRID), BOX, SCALE, train, test)

    def _small_map(self, values: np.ndarray) -> np.ndarray:
        """One node's values over the input space as a NODE × NODE picture, scaled by their largest size."""
        finite = values[np.isfinite(values)]
        scale = max(float(np.abs(finite).max()) if finite.size else 1.0, 1e-12)
        if self.config.regression:
            return render.curve_map(values[::SIZE // NODE][:NODE] / scale, (-1.1, 1.1), NODE)
        cells = render.diverging_rgb(values.reshape(GRID, GRID)[::SMALL, ::SMALL] / scale)
        return np.repeat(np.repeat(cells, NODE // (GRID // SMALL), axis=0), NODE // (GRID // SMALL), axis=1)

    def _node_pictures(self, raw, layers, out) -> tuple[list[list[tuple[np.ndarray, str]]], list[str]]:
        """Each column's nodes as (picture, hover text), inputs first, and the columns' headings."""
        c, t = self.config, self.trainer
        feats = expand_features(raw, c.features)
        columns = [[(self._small_map(feats[:, i]), f"input {name}") for i, name in enumerate(c.features)]]
        biases = [layer.b.data for layer in t.model.layers[0::2]]
        for depth, (_, h) in enumerate(layers):
            columns.append([(self._small_map(h[:, j]), f"layer {depth + 1} neuron {j + 1}: bias b = {biases[depth][j]:.4g}")
                            for j in range(h.shape[1])])
        columns.append([(self._small_map(out[:, 0]), f"output: bias b = {biases[-1][0]:.4g}")])
        return columns, ["input"] + [f"layer {i + 1}" for i in range(len(layers))] + ["output"]

    def _network_svg(self, raw, layers, out) -> str:
        columns, labels = self._node_pictures(raw, layers, out)
        columns = [[(render.png_data_uri(picture), text) for picture, text in nodes] for nodes in columns]
        return render.network_svg(columns, self.trainer.weights, labels, node=NODE)

    def static_png(self) -> bytes:
        """One PNG of the network drawing (without its hover texts) beside the heat map, as they are now."""
        raw = self._grid()
        with np.errstate(over="ignore", invalid="ignore"):
            layers, out = self.trainer.walk(expand_features(raw, self.config.features))
        columns, _ = self._node_pictures(raw, layers, out)
        network = render.network_picture([[p for p, _ in nodes] for nodes in columns], self.trainer.weights, NODE)
        return render.png_bytes(render.side_by_side(network, self._main_picture(out)))

    def _describe(self) -> str:
        t = self.trainer
        lines = [self.why] if self.why else []
        kind = "MSE" if self.config.regression else "loss"
        lines.append(f"epoch {t.epoch}: train {kind} {_number(t.train_losses[-1])}, test {kind} {_number(t.test_losses[-1])}, "
                     f"{t.num_parameters} parameters")
        if t.diverged:
            lines.append(t.diverged)
        for layer, dead in [] if t.diverged else t.dead_layers():
            width = self.config.hidden[layer - 1]
            if dead == width:
                lines.append(f"layer {layer} is dead: all its {width} neurons have zero gradient on every training "
                             f"point ({self.config.activation} below zero), so nothing below it can learn; "
                             f"restart with a smaller learning rate or press reset.")
            else:
                lines.append(f"layer {layer}: {dead} of {width} neurons are dead (zero gradient on every training point).")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def _relabel(self) -> None:
        self.message = self._describe()
        self.label.value = message_html(self.message)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return widget_mimebundle(self.widget, "Playground: run the notebook to use it")
