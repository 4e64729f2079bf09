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
