"""Perceptron stepper (notebook 02): watch the learning rule, one sample at a time.

Two boards side by side, each with its own ``scratch.Perceptron``: linearly
separable points (the mistakes reach zero) and XOR (they never do). Each
press of "step" shows both perceptrons one more sample and applies
w ← w + η (y − ŷ) x, b ← b + η (y − ŷ); "epoch" finishes the current pass;
the epoch slider replays training from the start up to that many epochs.

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-perceptron``: the root box
- ``cu-perceptron-step``, ``cu-perceptron-epoch``, ``cu-perceptron-reset``: buttons
- ``cu-perceptron-epoch-slider``: completed epochs ("epochs done")
- ``cu-perceptron-label``: "epoch 2 done, sample 0/40 ..." then one line per board
- ``cu-perceptron-plot``: the PNG drawing
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..toy_data import separable_points, xor_points
from ..scratch import Perceptron
from ..validation import check_class_data
from ._base import Explorer, line_in_box, new_figure, styled

N_POINTS = 40  # per board: few enough to follow single steps
MAX_EPOCHS = 30


class Board:
    """One data set and the perceptron learning it, sample by sample."""

    def __init__(self, title: str, X: np.ndarray, y: np.ndarray):
        """X : (n, 2) finite points, n >= 1; y : (n,) labels 0/1."""
        X, y = check_class_data(X, y, 2, n_features=2, finite=True)
        self.title, self.X, self.y = title, X, y
        self.reset()

    def reset(self) -> None:
        self.perceptron = Perceptron(2, lr=1.0)  # w = 0, b = 0: the textbook start
        self.cursor = 0              # samples seen in the current epoch
        self.epoch = 0               # completed epochs
        self.mistakes_per_epoch = []  # one count per completed epoch
        self.mistakes_now = 0        # mistakes so far in the current epoch
        self.last = None             # index of the sample seen last

    def step(self) -> None:
        """Show the perceptron the next sample (the rule updates w, b if it errs)."""
        i = self.cursor
        self.mistakes_now += bool(self.perceptron.step_once(self.X[i], self.y[i]))
        self.last = i
        self.cursor += 1
        if self.cursor == len(self.X):
            self.mistakes_per_epoch.append(self.mistakes_now)
            self.cursor, self.mistakes_now = 0, 0
            self.epoch += 1

    @property
    def misclassified(self) -> np.ndarray:
        """Boolean mask, shape (N,): points the current line gets wrong."""
        return self.perceptron.predict(self.X) != self.y

    @property
    def converged(self) -> bool:
        return bool(self.mistakes_per_epoch) and self.mistakes_per_epoch[-1] == 0

    def describe(self) -> str:
        text = (f"{self.title}: {self.mistakes_now} mistakes so far this epoch, "
                f"{int(self.misclassified.sum())} of {len(self.X)} points misclassified now")
        if self.mistakes_per_epoch:
            text += f"; mistakes per finished epoch: {self.mistakes_per_epoch[-8:]}"
        if self.converged:
            text += " (converged: an epoch with no mistake, the line no longer moves)"
        return text


class PerceptronStepper(Explorer):
    """Step/epoch/reset buttons and an epoch slider over two perceptron boards.

    Attributes tests read: ``boards`` (separable, XOR), each with
    ``perceptron``, ``epoch``, ``cursor``, ``mistakes_per_epoch``,
    ``misclassified``; ``message``; ``png``.
    """

    css_name = "perceptron"

    def __init__(self, seed: int = 0):
        self.boards = [Board("separable", *separable_points(N_POINTS, seed=seed)),
                       Board("XOR", *xor_points(N_POINTS, noise=0.1, seed=seed))]
        self.step_button = self._button("step", "one sample", "cu-perceptron-step")
        self.epoch_button = self._button("epoch", "finish the current epoch", "cu-perceptron-epoch")
        self.reset_button = self._button("reset", "start again", "cu-perceptron-reset")
        self.epoch_slider = styled(widgets.IntSlider(
            value=0, min=0, max=MAX_EPOCHS, description="epochs done", continuous_update=False),
            "cu-perceptron-epoch-slider")
        self.epoch_slider.observe(self._on_slider, names="value")
        self.step_button.on_click(lambda _: self._advance(samples=1))
        self.epoch_button.on_click(lambda _: self._advance(samples=None))
        self.reset_button.on_click(lambda _: self._replay(0))
        self._syncing = False
        self._build_figure()
        buttons = widgets.HBox([self.step_button, self.epoch_button, self.reset_button])
        self._finish([buttons, self.epoch_slider], self.figure)

    @staticmethod
    def _button(text, tooltip, css_class):
        return styled(widgets.Button(description=text, tooltip=tooltip), css_class)

    @property
    def epoch(self) -> int:
        return self.boards[0].epoch

    @property
    def cursor(self) -> int:
        return self.boards[0].cursor

    def _advance(self, samples) -> None:
        """One sample (samples=1) or up to the end of the epoch (samples=None)."""
        if self.epoch >= MAX_EPOCHS:
            return  # nothing left to do; the label already says so
        todo = len(self.boards[0].X) - self.cursor if samples is None else samples
        for _ in range(todo):
            for board in self.boards:
                board.step()
        self._sync_slider()
        self._redraw()

    def _on_slider(self, change) -> None:
        if not self._syncing:
            self._replay(change["new"])

    def _replay(self, epochs: int) -> None:
        """Train from the start for ``epochs`` full epochs (the slider's meaning)."""
        for board in self.boards:
            board.reset()
            for _ in range(epochs * len(board.X)):
                board.step()
        self._sync_slider()
        self._redraw()

    def _sync_slider(self) -> None:
        self._syncing = True  # moving the slider to match must not replay
        try:
            self.epoch_slider.value = self.epoch
        finally:
            self._syncing = False

    def _build_figure(self) -> None:
        self.figure = new_figure(8.0, 3.6)
        self.figure.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.9, wspace=0.06)
        self.axes = [self.figure.add_subplot(1, 2, k + 1) for k in range(2)]
        self.artists = [self._board_artists(ax, board) for ax, board in zip(self.axes, self.boards)]
        self.axes[0].legend(loc="upper left", fontsize=7, framealpha=0.7)

    @staticmethod
    def _board_artists(ax, board: Board) -> dict:
        """Draw what never changes; return the artists each redraw updates."""
        X, y = board.X, board.y
        low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
        box = (low[0], high[0], low[1], high[1])
        ax.set_xticks([])  # coordinates carry no meaning here; ticks cost redraw time
        ax.set_yticks([])
        for label, marker in ((0, "o"), (1, "s")):
            pick = y == label
            ax.scatter(X[pick, 0], X[pick, 1], c=f"C{label}", marker=marker, s=22,
                       label=f"class {label}", zorder=2)
        grid = np.stack(np.meshgrid(np.linspace(*box[:2], 40), np.linspace(*box[2:], 40)), axis=-1)
        artists = {
            "box": box, "grid": grid.reshape(-1, 2),
            "region": ax.imshow(np.zeros((40, 40)), origin="lower", extent=box, aspect="auto",
                                cmap="coolwarm", vmin=-2, vmax=3, alpha=0.35, zorder=0),
            "wrong": ax.scatter([], [], s=90, facecolors="none", edgecolors="red", lw=1.5,
                                label="misclassified", zorder=3),
            "last": ax.scatter([], [], s=220, facecolors="none", edgecolors="black", lw=1.5,
                               label="last sample", zorder=3),
            "line": ax.plot([], [], color="black", lw=1.5, zorder=1)[0],
        }
        ax.set_xlim(box[:2])
        ax.set_ylim(box[2:])
        return artists

    def _draw(self) -> None:
        for ax, board, artists in zip(self.axes, self.boards, self.artists):
            self._draw_board(ax, board, artists)

    @staticmethod
    def _draw_board(ax, board: Board, artists: dict) -> None:
        p, box, wrong = board.perceptron, artists["box"], board.misclassified
        artists["region"].set_data(p.predict(artists["grid"]).reshape(40, 40))
        artists["wrong"].set_offsets(board.X[wrong].reshape(-1, 2))
        last = board.X[[board.last]] if board.last is not None else np.empty((0, 2))
        artists["last"].set_offsets(last)
        artists["line"].set_data(*line_in_box(p.w, p.b, box[:2], box[2:]))
        ax.set_title(f"{board.title}: epoch {board.epoch}, sample {board.cursor}/{len(board.X)}, "
                     f"{int(wrong.sum())} wrong", fontsize=10, y=1.0)

    def _describe(self) -> str:
        head = f"epochs done: {self.epoch}, sample {self.cursor}/{len(self.boards[0].X)} of the next epoch"
        if self.epoch >= MAX_EPOCHS:
            head += f" (stopped at the limit of {MAX_EPOCHS} epochs: press reset to start again)"
        return "\n".join([head] + [board.describe() for board in self.boards])
