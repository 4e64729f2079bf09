"""The lessons on Colab's versions, each copied alone into an empty folder, the course installed from its wheel.

    make colab                                   # builds .venv-colab, then runs this with its python
    .venv-colab/bin/python tools/colab_check.py [notebooks/01_neuron.ipynb ...]
    python tools/colab_check.py --requirements   # what .venv-colab installs: the ranges, Colab's pins

Colab's versions (COLAB_PINS: Python 3.12, ipykernel 6.17.1, ipywidgets 7.7.1, no JupyterLab) are in the
environment that runs this script; the notebooks' kernel is that environment's Python. Two runs:

1. **Installed.** The wheel built from this checkout is installed outside the notebook's
   folder (``pip install --target``); every cell of each lesson runs without an error, and
   notebook 06 reads MNIST from the per-user cache folder (``$XDG_CACHE_HOME/course_utils``),
   as an installed package does, not from ``COURSE_DATA_DIR``.
2. **Not installable.** No package and no network to its address: the first cell stops the
   notebook with one message saying why and what to do, and no other cell runs.

Exit status 0 when both hold; each problem is printed in one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lesson_files import lesson_files  # noqa: E402  (tools/ is a folder of scripts)
from standalone import build_wheel  # noqa: E402

# What Colab ships (2026; its Python is 3.12). Its classic notebook package keeps pip from pulling in a
# JupyterLab 4 (notebook 7 needs one), which Colab does not have.
COLAB_PINS = ("ipykernel==6.17.1", "ipywidgets==7.7.1", "notebook==6.5.7")
NOT_ON_COLAB = ("jupyterlab",)  # Colab runs its own front end
UNREACHABLE = "http://127.0.0.1:9"  # a proxy that refuses every connection: "no internet", on purpose
INSTALL_FAILED = "The course's package could not be installed"


def requirements() -> list[str]:
    """The package's dependencies as Colab has them: its ranges, with Colab's pins in place of theirs."""
    import tomllib

    from packaging.requirements import Requirement

    pinned = {Requirement(pin).name: pin for pin in COLAB_PINS}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = [Requirement(text).name for text in declared]
    kept = [pinned.pop(name, text) for name, text in zip(names, declared) if name not in NOT_ON_COLAB]
    return kept + list(pinned.values())


def execute_alone(notebook: Path, folder: Path, env: dict) -> tuple[object, list]:
    """Run ``notebook`` copied alone into ``folder`` with ``env``: (the error raised or None, the cells)."""
    import nbclient
    import nbformat

    folder.mkdir(parents=True)
    copy = folder / notebook.name
    shutil.copy(notebook, copy)
    nb = nbformat.read(copy, as_version=4)
    for cell in nb.cells:  # as a student opens it: what ran is what this run ran
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits the environment of the process that starts it
    try:
        nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}}).execute()
        error = None
    except Exception as exc:  # nbclient's CellExecutionError (or a dead kernel): the first failure stops the run
        error = exc
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return error, [cell for cell in nb.cells if cell.cell_type == "code"]


def installed_run(notebooks: list[Path], tmp: Path, data: Path) -> list[str]:
    """Run 1: every cell of each lesson runs, MNIST from the per-user cache."""
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
                    str(build_wheel(tmp / "wheel"))], check=True, capture_output=True)
    cache = tmp / "cache"
    (cache / "course_utils").mkdir(parents=True)
    (cache / "course_utils" / "MNIST").symlink_to(data / "MNIST", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "PYTHONPATH")}
    env.update(PYTHONPATH=str(site), XDG_CACHE_HOME=str(cache))
    problems = []
    for notebook in notebooks:
        error, _ = execute_alone(notebook, tmp / "installed" / notebook.stem, env)
        if error is not None:
            problems.append(f"{notebook.name}: {str(error).strip().splitlines()[-1][:300]}")
        else:
            print(f"ok: {notebook.name} ran top to bottom on Colab's versions, alone in an empty folder")
    return problems


def not_installable_run(notebook: Path, tmp: Path) -> list[str]:
    """Run 2: no package, no network: the first cell stops the notebook with the one message."""
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_DATA_DIR", "PYTHONPATH")}
    env.update(http_proxy=UNREACHABLE, https_proxy=UNREACHABLE, HTTP_PROXY=UNREACHABLE, HTTPS_PROXY=UNREACHABLE,
               PIP_INDEX_URL=UNREACHABLE, PIP_RETRIES="0", PIP_TIMEOUT="5", GIT_TERMINAL_PROMPT="0")
    error, cells = execute_alone(notebook, tmp / "offline" / notebook.stem, env)
    ran = [i for i, cell in enumerate(cells) if cell.get("execution_count")]
    if error is None:
        return [f"{notebook.name}, not installable: every cell ran (is course_utils importable without the wheel?)"]
    if INSTALL_FAILED not in str(error) or getattr(error, "ename", "") != "RuntimeError":
        return [f"{notebook.name}, not installable: stopped, but not with the install message: {str(error)[-300:]}"]
    if ran != [0]:
        return [f"{notebook.name}, not installable: cells {ran} ran; only the first should have"]
    print(f"ok: {notebook.name} without its package stops at its first cell with: {INSTALL_FAILED} ...")
    return []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--requirements"]:  # for pip: make colab installs these into .venv-colab
        print(" ".join(requirements()))  # no spaces inside one: the shell splits them as they are
        return 0
    notebooks = [Path(a).resolve() for a in args] or lesson_files(".ipynb")
    data = Path(os.environ.get("COURSE_DATA_DIR") or ROOT / "data").resolve()
    if not (data / "MNIST" / "raw").is_dir():
        print(f"COURSE_DATA_DIR: no MNIST/raw in {data}: set it to the folder holding MNIST/raw", file=sys.stderr)
        return 2
    try:
        import course_utils  # noqa: F401
    except ImportError:
        pass
    else:
        print("the course package is importable here already: run this with .venv-colab/bin/python, "
              "which has Colab's versions and not the package", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        problems = not_installable_run(notebooks[0], tmp) + installed_run(notebooks, tmp, data)
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
