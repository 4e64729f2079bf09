"""make lab and make lab-full start JupyterLab wherever the course runs, root in a container included."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_lab_as_root_passes_jupyterlabs_flag_and_says_so():
    import os
    import subprocess

    dry = subprocess.run(["make", "-n", "lab", "lab-full"], cwd=ROOT, capture_output=True, text=True).stdout
    launches = [line for line in dry.splitlines() if "jupyter lab" in line]
    assert len(launches) == 2
    if os.geteuid() == 0:
        assert all("--allow-root" in line for line in launches) and "Running as root" in dry
    else:
        assert not any("--allow-root" in line for line in launches)


def test_the_readmes_command_without_make_runs_what_make_test_runs():
    import re

    makefile = (ROOT / "Makefile").read_text()
    flags = {name: re.search(rf"^{name}\s*:?=\s*(.+)$", makefile, re.M).group(1).split() for name in ("NBVAL", "STUDENT")}
    readme = (ROOT / "README.md").read_text()
    command = next(line for line in readme.splitlines() if line.startswith(".venv/bin/python -m pytest"))
    words = command.split()
    assert all(flag in words for flag in flags["NBVAL"] + flags["STUDENT"])
    assert words[-3:] == ["notebooks", "student", "tests"]  # the lessons, the student edition, the unit tests
