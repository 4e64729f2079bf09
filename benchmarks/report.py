"""Markdown tables for the benchmark output."""

from __future__ import annotations

import os
import platform
import subprocess

import numpy as np
import torch


def cpu_model() -> str:
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        return platform.processor() or "unknown CPU"


def machine_lines(load_before: tuple, load_after: tuple, seconds: float) -> list[str]:
    load = lambda avg: "/".join(f"{x:.2f}" for x in avg)  # noqa: E731
    return [
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"torch {torch.__version__}, NumPy {np.__version__}; 1 torch thread unless a row says otherwise",
        f"- Load average (1/5/15 min) before: {load(load_before)}, after: {load(load_after)} "
        f"(other processes share the cores: more than ~0.2 means noisy numbers)",
        f"- Whole run: {seconds:.0f} s",
    ]


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def _accuracy(result, epoch: int) -> str:
    return f"{result.accuracy[epoch - 1]:.4f}" if len(result.accuracy) >= epoch else "-"


def _time_to(result, target: float, reference) -> str:
    """Measured seconds to ``target``, or an estimate from another path's epoch count (marked ~)."""
    if not result.accuracy:
        return "-"
    seconds = result.time_to(target)
    if seconds is not None:
        return f"{seconds:.1f} s (epoch {next(i for i, a in enumerate(result.accuracy, 1) if a >= target)})"
    epochs = next((i for i, a in enumerate(reference.accuracy, 1) if a >= target), None) if reference else None
    if epochs and result.seconds:
        return f"~{epochs * result.per_epoch:.0f} s (est.: {epochs} epochs as fit)"
    return f"not in {len(result.accuracy)} epoch{'s' if len(result.accuracy) > 1 else ''}"


def training_table(results: list, targets: tuple[float, ...]) -> str:
    """One row per path; speed-up = the first (DataLoader) path's seconds per epoch / this path's."""
    base = results[0]
    fit = next((r for r in results if r.name.startswith("course_utils.training.fit")), None)
    columns = ["path", "s/epoch", "speed-up", "epochs", "acc ep 1", "acc ep 2", "best acc"]
    columns += [f"time to {t:.1%}" for t in targets]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in results:
        if not r.seconds:
            lines.append(f"| {r.name} | {r.note} |" + " |" * (len(columns) - 2))
            continue
        cells = [r.name, f"{r.per_epoch:.2f}", f"{base.per_epoch / r.per_epoch:.1f}x", str(len(r.seconds)),
                 _accuracy(r, 1), _accuracy(r, 2), f"{max(r.accuracy):.4f}" if r.accuracy else "-"]
        cells += [_time_to(r, t, fit if r is not fit else None) for t in targets]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
