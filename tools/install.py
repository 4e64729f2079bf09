"""Set up the course's Python environment: ``make`` runs this, and so can you, without make.

    python tools/install.py                 # creates .venv if missing, then installs
    python tools/install.py --venv DIR

With Python 3.11.5 or later it installs the exact versions the course is tested
with, from ``requirements-lock.txt`` (each file checked against its hash); with
an older Python (3.10) it installs the newest versions that ``pyproject.toml``'s
ranges allow, and says so. Then the course package itself (editable), JupyterLab
settings for a quiet first start (no news dialog, no update check), a kernel
that does not print the debugger's start-up warning, and the student's own copy
of the course in ``my-work/`` (``tools/student_copy.py``: made on the first run,
a notebook the student changed is never overwritten). Standard library only, so
it runs before anything is installed, on Linux, macOS and Windows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-lock.txt"
OLDEST = (3, 10)
LOCKED_FROM = (3, 11, 5)  # the lock's oldest Python (some locked packages need 3.11.5)

# JupyterLab user settings that every user of this environment gets (a student's
# own changes still win): no news pop-up, no update check, on the first start.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True)


def python_version(python: Path) -> tuple[int, ...]:
    out = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:3])"],
                         check=True, capture_output=True, text=True).stdout
    return tuple(int(part) for part in out.split())


def quiet_jupyter(env: Path, python: Path) -> None:
    """Settings overrides and a kernel spec inside the environment (nothing in the user's home)."""
    settings = env / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n")
    kernel_dir = env / "share" / "jupyter" / "kernels" / "python3"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=ERROR"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        # Python 3.11+ makes the debugger warn about frozen modules at every start.
        "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        "metadata": {"debugger": True},
    }
    (kernel_dir / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv"), help="environment folder (default: .venv)")
    args = parser.parse_args(argv)
    if sys.version_info < OLDEST:
        print(f"The course needs Python 3.10 or later; this is {sys.version.split()[0]}.\n"
              "Install a newer one from https://www.python.org/downloads/ (or 'pyenv install 3.13'),\n"
              "then run this again with it (or: make PYTHON=/path/to/python3.13).", file=sys.stderr)
        return 1
    env = Path(args.venv).resolve()
    python = venv_python(env)
    if not python.exists():
        print(f"Creating the environment {env} with Python {sys.version.split()[0]}", flush=True)
        venv.create(env, with_pip=True)
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=24")
    version = python_version(python)
    if version >= LOCKED_FROM:
        run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK)
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    else:
        print(f"Python {'.'.join(map(str, version))} is older than the lock file's "
              f"{'.'.join(map(str, LOCKED_FROM))}: installing the newest versions "
              "pyproject.toml allows instead of the tested ones.", flush=True)
        run(python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    quiet_jupyter(env, python)
    run(python, ROOT / "tools" / "student_copy.py", "--dest", ROOT / "my-work")
    print(f"The course's environment is ready: {env}; your copy of the course: {ROOT / 'my-work'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
