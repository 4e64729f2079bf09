"""Learning-rate explorer (notebooks 05 and 06): the course's signature widget.

Pick a learning rate η on a log scale (1e-5 to 10), a number of steps and an
optimizer (plain gradient descent θ ← θ − η ∇L(θ), momentum or Adam); the
explorer trains the chosen problem (see ``lr_problems``) and draws the
problem's picture (on the loss surface: the trajectory over the contours),
the loss curves, and, after "sweep", the final loss for every rate from 1e-5
to 10 with the best one marked. Earlier runs stay overlaid ("clear" removes
them). A run whose loss turns NaN/inf or grows past 100 × its start stops
there and the label says so in words. The label's first line names the model
and the optimizer that ran; each problem starts with its own default
optimizer (the small problems plain gradient descent, MNIST Adam, as
notebook 06 trains its MLP).

CSS classes (the browser test finds the widgets by them):

- ``cu-explorer cu-lr``: the root box
- ``cu-lr-slider``: learning rate (FloatLogSlider; readout like ``0.0501``)
- ``cu-lr-steps-slider``: number of steps
- ``cu-lr-problem``: the problem (ToggleButtons: surface, dataset, mnist)
- ``cu-lr-optimizer``: the optimizer (ToggleButtons: sgd, momentum, adam)
- ``cu-lr-sweep``, ``cu-lr-clear``: buttons
- ``cu-lr-label``: first line "learning rate 0.0501, 50 steps on ... (Adam): loss 8.3 → 0.12";
  second line the verdict, e.g. "diverged at step 1: each step overshoots ..."
- ``cu-lr-plot``: the PNG drawing
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from ..validation import check_int
from ._base import Explorer, new_figure, readout, styled
from .lr_problems import MOMENTUM, OPTIMIZER_SHORT, QuadraticSurface, Run, StudentsProblem, check_optimizer

PROBLEMS = {"surface": "loss surface", "dataset": "students (real data)", "mnist": "MNIST digits (MLP)"}
MAX_RUNS = 6                              # runs kept overlaid
SWEEP_LRS = 10.0 ** np.arange(-5, 1.01, 0.5)  # 1e-5, 3.2e-5, ..., 10


class LearningRateExplorer(Explorer):
    """Training at any learning rate with a chosen optimizer, with earlier runs and a sweep.

    problem : "surface", "dataset" or "mnist". seed : picks the data (and MNIST's start).
    optimizer : "sgd", "momentum" or "adam"; None (default) takes the problem's own
        (plain gradient descent on the small problems, Adam on MNIST).

    Attributes tests read: ``runs`` (list of ``lr_problems.Run``, current
    last), ``losses`` and ``trajectory`` of the current run, ``sweep`` (None
    or a dict: lrs, final_losses, best_lr, steps, optimizer), ``problem``,
    ``optimizer``, ``message``, ``png``.
    """

    css_name = "lr"

    def __init__(self, problem: str = "surface", seed: int = 0, optimizer: str | None = None):
        seed = check_int(seed, "seed", minimum=0)
        if not isinstance(problem, str) or problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {list(PROBLEMS)}, got {problem!r}")
        if optimizer is not None:
            check_optimizer(optimizer)
        self.seed, self.runs, self.sweep, self.note = seed, [], None, ""
        self._switching = False  # True while we set our own controls (no extra runs)
        self._problems = {}  # built on first use (MNIST loads its images then)
        self.problem = self._load(problem)
        self.lr_slider = styled(widgets.FloatLogSlider(
            value=self.problem.default_lr, base=10, min=-5, max=1, step=0.1,
            readout_format=".3g", description="learning rate", continuous_update=False),
            "cu-lr-slider")
        self.steps_slider = styled(widgets.IntSlider(
            value=self.problem.default_steps, min=1, max=self.problem.max_steps, description="steps",
            continuous_update=False), "cu-lr-steps-slider")
        self.problem_buttons = styled(widgets.ToggleButtons(
            options=[(label, name) for name, label in PROBLEMS.items()], value=problem),
            "cu-lr-problem")
        self.optimizer_buttons = styled(widgets.ToggleButtons(
            options=[(label, name) for name, label in OPTIMIZER_SHORT.items()],
            value=optimizer or self.problem.default_optimizer, description="optimizer"),
            "cu-lr-optimizer")
        self.sweep_button = styled(widgets.Button(description="sweep"), "cu-lr-sweep")
        self.clear_button = styled(widgets.Button(description="clear"), "cu-lr-clear")
        self.lr_slider.observe(self._on_run_change, names="value")
        self.steps_slider.observe(self._on_run_change, names="value")
        self.problem_buttons.observe(self._on_problem_change, names="value")
        self.optimizer_buttons.observe(self._on_optimizer_change, names="value")
        self.sweep_button.on_click(self._on_sweep)
        self.clear_button.on_click(self._on_clear)
        self._build_figure()
        self._start_problem(optimizer)
        buttons = widgets.HBox([self.sweep_button, self.clear_button])
        self._finish([self.problem_buttons, self.optimizer_buttons, self.lr_slider, self.steps_slider, buttons],
                     self.figure)

    # --- state -----------------------------------------------------------
    @property
    def run(self) -> Run:
        return self.runs[-1]

    @property
    def optimizer(self) -> str:
        """The optimizer the next run uses: "sgd", "momentum" or "adam"."""
        return self.optimizer_buttons.value

    @property
    def losses(self) -> np.ndarray:
        return self.run.losses

    @property
    def trajectory(self) -> np.ndarray:
        return self.run.path

    def _load(self, name: str):
        if name not in self._problems:
            if name == "surface":
                self._problems[name] = QuadraticSurface()
            elif name == "dataset":
                self._problems[name] = StudentsProblem(seed=self.seed)
            else:
                from .lr_mnist import MnistProblem  # loads MNIST (and torch) now
                self._problems[name] = MnistProblem(seed=self.seed)
        return self._problems[name]

    def _add_run(self) -> None:
        lr, steps, optimizer = self.lr_slider.value, self.steps_slider.value, self.optimizer
        # the same rate with the same optimizer replaces its old run
        self.runs = [r for r in self.runs if not (np.isclose(r.lr, lr) and r.optimizer == optimizer)]
        self.runs = (self.runs + [self.problem.run(lr, steps, optimizer=optimizer)])[-MAX_RUNS:]

    # --- events ----------------------------------------------------------
    def _on_run_change(self, change) -> None:
        if self._switching:
            return  # the problem switch sets both sliders, then runs once
        self.note = ""
        self._add_run()
        self._redraw()

    def _on_optimizer_change(self, change) -> None:
        if self._switching:
            return  # the problem switch sets the optimizer, then runs once
        self.sweep, self.note = None, ""  # a sweep belongs to one optimizer
        self._add_run()  # earlier runs stay, labelled with their optimizer
        self._redraw()

    def _on_problem_change(self, change) -> None:
        if self._switching:
            return  # our own revert after a failed load
        try:
            problem = self._load(change["new"])
        except Exception as error:  # e.g. MNIST files missing: say so, keep the old problem
            self.note = f"could not load {change['new']}: {error}"
            self._switching = True
            try:
                self.problem_buttons.value = change["old"]
            finally:
                self._switching = False
            self._redraw()
            return
        self.problem, self.note = problem, ""
        self._start_problem()
        self._redraw()

    def _start_problem(self, optimizer: str | None = None) -> None:
        """Fresh runs and the problem's default rate, steps and (unless given) optimizer."""
        self._switching = True
        try:
            self.optimizer_buttons.value = optimizer or self.problem.default_optimizer
            self.lr_slider.value = self.problem.default_lr
            self.steps_slider.max = self.problem.max_steps
            self.steps_slider.value = self.problem.default_steps
        finally:
            self._switching = False
        self.runs, self.sweep = [], None
        self._add_run()
        self.view_ax.clear()
        self.problem.draw_background(self.view_ax)
        if self.view_ax.get_legend_handles_labels()[0]:
            self.view_ax.legend(loc="upper right", fontsize=7, framealpha=0.7)
        self._view_artists = []

    def _on_sweep(self, _button) -> None:
        steps, optimizer = self.steps_slider.value, self.optimizer
        finals = []
        for lr in SWEEP_LRS:
            run = self.problem.run(float(lr), steps, details=False, optimizer=optimizer)  # final losses only
            finals.append(np.inf if run.diverged_at else run.losses[-1])
        finals = np.array(finals)
        best = int(np.argmin(finals))
        self.sweep = {"lrs": SWEEP_LRS.copy(), "final_losses": finals,
                      "best_lr": float(SWEEP_LRS[best]), "steps": steps, "optimizer": optimizer}
        self.note = ""
        self._redraw()

    def _on_clear(self, _button) -> None:
        self.runs = self.runs[-1:]
        self.note = ""
        self._redraw()

    # --- drawing ---------------------------------------------------------
    def _build_figure(self) -> None:
        self.figure = new_figure(11.0, 3.5)
        self.figure.subplots_adjust(left=0.06, right=0.98, bottom=0.15, top=0.9, wspace=0.3)
        self.view_ax, self.loss_ax, self.sweep_ax = (self.figure.add_subplot(1, 3, k) for k in (1, 2, 3))
        self._view_artists = []

    def _draw(self) -> None:
        for artist in self._view_artists:  # the problem's background stays; runs are redrawn
            artist.remove()
        self._view_artists = []
        for k, run in enumerate(self.runs):
            current = k == len(self.runs) - 1
            self._view_artists += self.problem.draw_run(self.view_ax, run, _color(k, current), current)
        self._draw_losses()
        self._draw_sweep()

    def _draw_losses(self) -> None:
        ax = self.loss_ax
        ax.clear()
        every = np.concatenate([np.maximum(run.losses, 1e-12) for run in self.runs])  # log: no 0
        log_scale = every.max() > 10 * every.min()  # within one decade a linear axis reads better
        for k, run in enumerate(self.runs):
            current = k == len(self.runs) - 1
            losses = np.maximum(run.losses, 1e-12)
            ax.plot(losses, color=_color(k, current), lw=2 if current else 1,
                    label=f"{OPTIMIZER_SHORT[run.optimizer]}, η = {run.lr:.3g}"
                    + (" (diverged)" if run.diverged_at else ""))
            if run.diverged_at:
                ax.plot(len(losses) - 1, losses[-1], "x", color="red", ms=10, mew=2)
        if log_scale:
            ax.set_yscale("log")
            _few_log_ticks(ax.yaxis)
        ax.set_xlabel("step")
        ax.set_title(self.problem.loss_title, y=1.0)  # a fixed y skips costly auto-placement
        ax.legend(loc="best", fontsize=7, framealpha=0.7)

    def _draw_sweep(self) -> None:
        ax = self.sweep_ax
        ax.clear()
        if self.sweep is None:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "press \"sweep\" to train once at every\nrate from 1e-5 to 10 and compare\n"
                    "the final losses", ha="center", va="center", transform=ax.transAxes)
            return
        lrs, finals = self.sweep["lrs"], self.sweep["final_losses"]
        ok = np.isfinite(finals)
        top = finals[ok].max() * 3 if ok.any() else 1.0
        ax.loglog(lrs[ok], np.maximum(finals[ok], 1e-12), "o-", color="C0", ms=4)
        if not ok.all():  # diverged rates sit in a row along the top
            ax.plot(lrs[~ok], np.full((~ok).sum(), top), "x", color="red", ms=8, mew=2,
                    label="diverged")
        best = np.argmin(finals)
        ax.plot(lrs[best], max(finals[best], 1e-12), "*", color="gold", mec="black", ms=16,
                label=f"best η = {lrs[best]:.3g}")
        ax.axvline(self.lr_slider.value, color="black", ls="--", lw=1, label="current η")
        _few_log_ticks(ax.xaxis)
        _few_log_ticks(ax.yaxis)
        ax.set_xlabel("learning rate η")
        ax.set_title(f"final loss after {self.sweep['steps']} steps ({OPTIMIZER_SHORT[self.sweep['optimizer']]})",
                     y=1.0)
        ax.legend(loc="best", fontsize=7, framealpha=0.7)

    # --- words -----------------------------------------------------------
    def _describe(self) -> str:
        run, problem = self.run, self.problem
        head = (f"learning rate {readout(self.lr_slider)}, {run.steps} steps on {problem.title(run.optimizer)}: "
                f"loss {run.losses[0]:.4g} → {run.losses[-1]:.4g}")
        if run.diverged_at and run.losses.size <= run.diverged_at:
            head += " (then NaN/inf)"
        lines = [head, self._verdict(run)]
        if self.sweep is not None:
            lines.append(f"sweep over {len(self.sweep['lrs'])} rates ({self.sweep['steps']} steps each, "
                         f"{OPTIMIZER_SHORT[self.sweep['optimizer']]}): "
                         f"lowest final loss at η = {self.sweep['best_lr']:.3g}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def _verdict(self, run: Run) -> str:
        problem, start, end = self.problem, run.losses[0], run.losses[-1]
        limit = self._limit(run.optimizer)
        if limit is not None:
            bound, formula = limit
            L, mu = problem.curvature, (f" with μ = {MOMENTUM}" if run.optimizer == "momentum" else "")
            smaller = (f"try a learning rate below {bound:.3g} ({formula}{mu}, where L = {L:.3g} is "
                       f"{problem.curvature_text})")
        else:
            smaller = "try a smaller learning rate"
        if run.diverged_at:
            return (f"diverged at step {run.diverged_at}: each step overshoots the minimum "
                    f"and the loss grows without bound; {smaller}.")
        if end > start:
            return f"the loss went up: each step overshoots the minimum; {smaller}."
        if start - end < 0.01 * start:
            return "the loss barely moved: the steps are tiny; try a larger learning rate."
        if limit is not None and problem.exact_bound:
            return (f"converging: rates below {formula} = {bound:.3g}{mu} converge on this surface, "
                    "larger ones diverge.")
        fell = f"the loss fell to {end / start:.1%} of its start" if end >= 0.001 * start else \
            "the loss fell to less than 0.1% of its start"
        if limit is not None:
            return f"{fell}; {smaller[4:]} is sure not to overshoot."
        return f"{fell}."

    def _limit(self, optimizer: str) -> tuple[float, str] | None:
        """(largest safe rate, its formula) where theory gives one, else None.

        Plain steps: 2/L on a quadratic (exactly) and on any loss whose curvature
        is at most L. Momentum μ: 2(1 + μ)/L, exact on a quadratic only. Adam's
        steps are about η whatever the gradient: no bound in terms of L.
        """
        L = self.problem.curvature
        if L is None:
            return None
        if optimizer == "sgd":
            return 2 / L, "2/L"
        if optimizer == "momentum" and self.problem.exact_bound:
            return 2 * (1 + MOMENTUM) / L, "2(1 + μ)/L"
        return None


def _few_log_ticks(axis) -> None:
    """At most ~5 labelled decades and no minor ticks: tick labels dominate redraw time."""
    axis.set_major_locator(LogLocator(numticks=5))
    axis.set_minor_locator(NullLocator())


def _color(k: int, current: bool) -> str:
    """The current run in strong blue; earlier runs in other colours of the cycle."""
    return "C0" if current else f"C{k % 9 + 1}"
