"""The two ways to install the course (pip via pyproject, conda via environment.yml) agree."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in ("test",):
        requirements += project["optional-dependencies"][extra]
    pins = {}
    for req in requirements:
        name, sep, version = req.partition("==")
        assert sep, f"pyproject.toml: {req!r} is not pinned with =="
        pins[_normalise(name)] = version
    return pins


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for req in dep["pip"]:
                if req.startswith("-e"):
                    continue
                name, sep, version = req.partition("==")
                assert sep, f"environment.yml pip: {req!r} is not pinned with =="
                pins[_normalise(name)] = version
        else:
            name, _, version = dep.partition("=")
            if name not in ("python", "pip"):
                pins[_normalise(name)] = version
    return pins


def test_environment_yml_pins_the_same_packages_and_versions_as_pyproject():
    assert environment_pins() == pyproject_pins()


def test_environment_yml_uses_the_python_the_course_supports():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_torch_and_torchvision_are_the_pinned_pair():
    pins = pyproject_pins()
    assert (pins["torch"], pins["torchvision"]) == ("2.14.1", "0.29.1")
