"""The ways to install the course agree: pyproject.toml's ranges, the lock file, environment.yml."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {_normalise(r.name): r for r in map(Requirement, requirements)}


LOCK_PYTHON = {"python_version": "3.11", "python_full_version": "3.11.5"}  # environment.yml's Python


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """requirements-lock.txt as {name: (version, hashes)} for Python 3.11, continuation lines joined
    (a universal lock may pin another version of a package for another Python, behind a marker)."""
    from packaging.markers import Marker

    text = (ROOT / "requirements-lock.txt").read_text().replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        marker = line.split("--hash", 1)[0].partition(";")[2].strip()
        if marker and "python" in marker and not Marker(marker).evaluate(LOCK_PYTHON):
            continue
        spec = line.split("--hash", 1)[0].split(";", 1)[0].strip()
        name, sep, version = spec.partition("==")
        assert sep, f"requirements-lock.txt: {spec!r} is not pinned with =="
        entries[_normalise(name)] = (version.strip(), re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return entries


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


def test_pyproject_declares_ranges_not_pins_and_python_from_3_10():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    for name, req in pyproject_requirements().items():
        operators = {spec.operator for spec in req.specifier}
        assert operators == {">="}, f"pyproject.toml: {name} should have a lower bound only, has {req.specifier}"


def test_the_lock_pins_every_dependency_within_pyprojects_ranges():
    lock = lock_entries()
    for name, req in pyproject_requirements().items():
        assert name in lock, f"requirements-lock.txt does not lock {name}"
        assert req.specifier.contains(lock[name][0]), f"{name}=={lock[name][0]} is outside {req.specifier}"


def test_every_locked_package_is_hash_checked():
    unhashed = [name for name, (_, hashes) in lock_entries().items() if not hashes]
    assert not unhashed


def test_environment_yml_pins_the_locked_versions_of_pyprojects_packages():
    lock = lock_entries()
    assert environment_pins() == {name: lock[name][0] for name in pyproject_requirements()}


def test_environment_yml_uses_a_python_the_lock_was_tested_on():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]


def test_torch_and_torchvision_are_locked_as_a_matching_pair():
    lock = lock_entries()
    assert (lock["torch"][0], lock["torchvision"][0]) == ("2.14.1", "0.29.1")
