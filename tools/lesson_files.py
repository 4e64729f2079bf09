"""The seven lessons' files, in order: one place for the tools that walk all of them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lesson_files(suffix: str = ".ipynb", folder: Path | None = None) -> list[Path]:
    """notebooks/NN_name<suffix> for the seven lessons (or the same names in ``folder``), in order."""
    return sorted((folder or ROOT / "notebooks").glob(f"[0-9][0-9]_*{suffix}"))
