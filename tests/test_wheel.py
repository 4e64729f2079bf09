"""The built wheel is the whole course package: installed on its own (not editable) in a
fresh environment, every module imports and notebook 01, copied alone to an empty
folder, runs top to bottom with its figures."""

import json
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

from tools import standalone

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return standalone.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def fresh_python(wheel, tmp_path_factory) -> Path:
    """A new environment holding the wheel (no editable install, no repository on its path).

    Its other packages are this environment's, reached through a path file: the
    same versions without a second multi-gigabyte install of PyTorch.
    """
    env = tmp_path_factory.mktemp("fresh") / "env"
    venv.create(env, with_pip=False)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # A plain path line adds the folder but runs none of its .pth files: the editable hook stays off.
    Path(site, "course_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    return python


def run_in(python: Path, code: str, cwd: Path) -> str:
    result = subprocess.run([str(python), "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_wheel_holds_every_module_and_figure_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    on_disk = {path.relative_to(ROOT).as_posix() for path in (ROOT / "course_utils").rglob("*")
               if path.suffix in (".py", ".png", ".json") and "__pycache__" not in path.parts}
    assert on_disk - names == set()
    assert {"course_utils/scratch/mlp.py", "course_utils/checks/exercise.py", "course_utils/solutions.json",
            "course_utils/explorers/learning_rate.py", "course_utils/assets/relu.png"} <= names


def test_every_module_imports_from_the_installed_wheel(fresh_python, tmp_path):
    out = run_in(fresh_python, """
        import importlib, json, pkgutil
        import course_utils
        names = [m.name for m in pkgutil.walk_packages(course_utils.__path__, "course_utils.")]
        for name in names:
            importlib.import_module(name)
        print(json.dumps({"file": course_utils.__file__, "modules": names}))
    """, cwd=tmp_path)
    found = json.loads(out)
    assert str(fresh_python.parents[1]) in found["file"]  # the wheel's copy, not the repository
    assert {"course_utils.doctor", "course_utils.scratch.mlp", "course_utils.explorers.neuron"} <= set(found["modules"])


def test_notebook_01_runs_alone_in_an_empty_folder(fresh_python, tmp_path):
    shutil.copy(ROOT / "notebooks" / "01_neuron.ipynb", tmp_path / "01_neuron.ipynb")
    out = run_in(fresh_python, """
        import json, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read("01_neuron.ipynb", as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
        figures = [any("image/png" in out.get("data", {}) for out in cell.outputs)
                   for cell in nb.cells if cell.cell_type == "code" and "show_figure(" in cell.source]
        print(json.dumps({"figures": figures}))
    """, cwd=tmp_path)
    figures = json.loads(out)["figures"]
    assert len(figures) >= 3 and all(figures)  # the lesson's figures, shown from the package
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_neuron.ipynb"]  # nothing written beside it


def test_no_lesson_links_a_file_outside_its_notebook():
    for lesson in sorted((ROOT / "notebooks").glob("[0-9]*.md")):
        assert "](../" not in lesson.read_text(), f"{lesson.name} links a file outside the notebook"
