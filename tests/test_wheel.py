"""The built wheel holds the whole package: every module the course imports, subpackages included."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_every_module_of_the_package(tmp_path):
    source = tmp_path / "source"  # a copy: building leaves build/ and *.egg-info/ beside the sources
    shutil.copytree(ROOT / "course_utils", source / "course_utils", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    # --no-build-isolation: build with the setuptools already installed, no download.
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(tmp_path)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("course_utils-*.whl")
    in_wheel = {name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".py")}
    on_disk = {path.relative_to(ROOT).as_posix() for path in (ROOT / "course_utils").rglob("*.py")}
    assert on_disk - in_wheel == set()
    assert {"course_utils/scratch/mlp.py", "course_utils/checks/feedback.py",
            "course_utils/explorers/learning_rate.py", "course_utils/plots/depth.py"} <= in_wheel
