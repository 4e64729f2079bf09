"""The course doctor: is this Python ready for the course, and if not, what fixes it?

    make doctor                      # in the course's folder
    python -m course_utils.doctor    # anywhere the package is installed
    doctor()                         # in a notebook (notebook 01 calls it first)

One row per thing the course needs: Python, each package (against the tested
versions of ``requirements-lock.txt`` where the course's folder is at hand,
else against the package's own ranges), the widget front end, the MNIST files,
threads, the arithmetic path (which CPU kernels compute) and the device. Every problem comes with the command that fixes it.

``install_missing()`` is what a notebook opened on its own runs after
installing this package without its dependencies: it installs only the
packages that are missing, never replacing a torch, numpy or ipywidgets that is
already there (Colab's own builds, say).
"""

from __future__ import annotations

import html
import importlib.metadata as metadata
import importlib.util
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

__all__ = ["Finding", "Report", "doctor", "install_missing"]

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-lock.txt"
OLDEST_PYTHON = (3, 10)
STATUSES = ("ok", "note", "problem")
# What the notebooks import; the rest of the dependencies (JupyterLab, jupytext) serve the
# course's own folder, where make installs them, and a hosted notebook brings its own.
RUNTIME = ("numpy", "torch", "torchvision", "matplotlib", "ipywidgets", "tqdm", "threadpoolctl")
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"


@dataclass(frozen=True)
class Finding:
    """One row of the report: what was checked, what is there, how it stands, how to fix it."""

    item: str
    found: str
    status: str  # "ok", "note" (works, but not as tested) or "problem" (something will fail)
    fix: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")


@dataclass(frozen=True)
class Report:
    """The doctor's findings; shows as a table (text, or HTML in a notebook)."""

    findings: tuple[Finding, ...]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "problem"]

    @property
    def ok(self) -> bool:
        """True when nothing the course needs is missing or broken (notes allowed)."""
        return not self.problems

    def __str__(self) -> str:
        width = max(len(f.item) for f in self.findings)
        lines = ["Course doctor"]
        for f in self.findings:
            lines.append(f"  {f.status:<8} {f.item:<{width}}  {f.found}")
            if f.fix:
                lines.append(f"  {'':<8} {'':<{width}}  fix: {f.fix}")
        verdict = "ready" if self.ok else f"{len(self.problems)} problem(s) to fix first"
        lines.append(f"  {verdict}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colours = {"ok": "#1a7f37", "note": "#9a6700", "problem": "#cf222e"}
        rows = "".join(
            f"<tr><td style='color:{colours[f.status]};font-weight:bold'>{f.status}</td>"
            f"<td>{html.escape(f.item)}</td><td>{html.escape(f.found)}</td>"
            f"<td><code>{html.escape(f.fix)}</code></td></tr>"
            for f in self.findings)
        verdict = "ready" if self.ok else f"{len(self.problems)} problem(s) to fix first"
        return ("<table class='cu-doctor'><tr><th>status</th><th>what</th><th>found</th><th>fix</th></tr>"
                f"{rows}</table><p><b>Course doctor:</b> {verdict}</p>")


def doctor(data_root: str | os.PathLike | None = None) -> Report:
    """Check this environment for the course; returns the ``Report`` (a table when shown).

    data_root : where to look for MNIST (default: as ``load_mnist`` looks,
        ``$COURSE_DATA_DIR`` else ``data/`` in the course's folder).
    """
    findings = _checked("Python", _python)
    findings += _checked("packages", _packages)
    for item, check in [("widget front end", _widgets), ("MNIST", lambda: _mnist(data_root)), ("threads", _threads),
                        ("arithmetic path", _arithmetic), ("device", _device)]:
        findings += _checked(item, check)
    return Report(tuple(findings))


def _checked(item: str, check) -> list[Finding]:
    """The rows of one check; a check that fails itself (a permission error, say) is a problem row, not a crash."""
    try:
        found = check()
    except Exception as exc:  # the doctor must always report, whatever it meets
        detail = str(exc).splitlines()[0] if str(exc) else "no detail"
        return [Finding(item, f"could not be checked: {type(exc).__name__}: {detail}", "problem",
                        "fix what the message names (a file's permissions, say), then run the doctor again")]
    return list(found) if isinstance(found, list) else [found]


def in_course_folder() -> bool:
    """True when this package runs from the course's folder (where make and the lock file are)."""
    return LOCK.is_file()


def _setup_fix() -> str:
    return "make  (or: python tools/install.py)" if in_course_folder() else ""


def _python() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < OLDEST_PYTHON:
        return Finding("Python", version, "problem",
                       "install Python 3.10 or later (https://www.python.org/downloads/), then set up again")
    return Finding("Python", f"{version} ({platform.system() or 'unknown system'})", "ok")


def locked_versions() -> dict[str, str]:
    """{package: version} from requirements-lock.txt; empty outside the course's folder."""
    if not in_course_folder():
        return {}
    versions = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line[:1].isalnum() and "==" in line:
            name, _, rest = line.partition("==")
            versions[_normalise(name)] = rest.split(";")[0].split("\\")[0].strip()
    return versions


def declared_requirements(unreadable: list[str] | None = None) -> dict[str, Requirement]:
    """{package: requirement} the installed course package declares (its ranges), test extras left out.

    unreadable : a list that receives each declared requirement that is not one (left out of the result).
    """
    try:
        requires = metadata.requires("course_utils") or []
    except metadata.PackageNotFoundError:  # run from a checkout without installing: its pyproject.toml
        requires = _pyproject_dependencies()
    requirements = {}
    for text in requires:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            if unreadable is not None:
                unreadable.append(text)
            continue
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            requirements[_normalise(requirement.name)] = requirement
    return requirements


def _pyproject_dependencies() -> list[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return []
    path = ROOT / "pyproject.toml"
    return tomllib.loads(path.read_text())["project"]["dependencies"] if path.is_file() else []


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _packages() -> list[Finding]:
    unreadable, findings = [], []
    declared = declared_requirements(unreadable)
    for text in unreadable:
        findings.append(Finding("course package", f"declares {text!r}, which is not a requirement", "problem",
                                _setup_fix() or "reinstall the course's package"))
    try:
        locked = locked_versions()
    except (OSError, UnicodeDecodeError) as exc:
        locked = {}
        findings.append(Finding("lock file", f"{LOCK.name} cannot be read ({getattr(exc, 'strerror', None) or exc}); "
                                             "versions checked against the package's ranges only", "problem",
                                f"make {LOCK} readable (chmod a+r), or take it again from the course"))
    names = list(declared) or list(RUNTIME)
    for name in names:
        have, requirement, tested = _installed(name), declared.get(name), locked.get(name)
        needs = f"needs {requirement.specifier}" if requirement is not None and requirement.specifier else ""
        if have is None and name not in RUNTIME and not in_course_folder():
            findings.append(Finding(name, "not installed; a hosted notebook brings its own front end", "ok"))
        elif have is None:
            fix = _setup_fix() or f'pip install "{requirement or name}"'
            findings.append(Finding(name, f"not installed ({needs})" if needs else "not installed", "problem", fix))
        elif requirement is not None and not requirement.specifier.contains(_release(have), prereleases=True):
            fix = _setup_fix() or f'pip install "{requirement}"'
            # A hosted notebook's own front end (Colab's ipykernel, say) runs the lessons even when older than
            # the course's folder asks: a note there; only what the lessons import stops them.
            status = "problem" if name in RUNTIME or in_course_folder() else "note"
            findings.append(Finding(name, f"{have}, too old ({needs})", status, fix))
        elif tested and _release(have) != _release(tested):
            findings.append(Finding(name, f"{have} (the course is tested with {tested})", "note", _setup_fix()))
        else:
            findings.append(Finding(name, have + (" (as tested)" if tested else ""), "ok"))
    return findings


def _release(version: str) -> str:
    """'2.14.1+cu130' -> '2.14.1': a local build tag does not make a different version."""
    try:
        return Version(version).base_version
    except InvalidVersion:
        return version


def _widgets() -> Finding:
    ipywidgets = _installed("ipywidgets")
    if ipywidgets is None:
        return Finding("widget front end", "ipywidgets not installed", "problem", 'pip install "ipywidgets>=7.7"')
    if "google.colab" in sys.modules:
        return Finding("widget front end", f"Colab's own, ipywidgets {ipywidgets}", "ok")
    major = int(ipywidgets.split(".")[0])
    wanted = 5 if major >= 8 else 3  # the JupyterLab extension's major version for ipywidgets 8 / 7
    found = _lab_extension_versions()
    if any(int(v.split(".")[0]) == wanted for v in found):
        return Finding("widget front end", f"JupyterLab extension {found[0]} for ipywidgets {ipywidgets}", "ok")
    package = "jupyterlab_widgets>=3" if major >= 8 else "jupyterlab_widgets<2"
    fix = f'pip install "{package}" where JupyterLab runs, then restart it'
    jupyterlab = _installed("jupyterlab")
    if found and jupyterlab is not None:  # this JupyterLab would load the mismatched extension
        return Finding("widget front end", f"JupyterLab extension {', '.join(found)} does not match "
                                           f"ipywidgets {ipywidgets}", "problem", fix)
    if found:  # no JupyterLab here (Colab, a hub's kernel): the front end that shows the widgets is elsewhere
        return Finding("widget front end", f"a JupyterLab extension {', '.join(found)} for another ipywidgets is "
                                           f"installed here, but no JupyterLab: the front end that runs this "
                                           f"notebook brings its own (ipywidgets {ipywidgets})",
                       "note", "if the explorers show no controls: " + fix)
    if in_course_folder() and jupyterlab is not None:  # make lab runs JupyterLab from here
        return Finding("widget front end", f"JupyterLab {jupyterlab} is installed here without the "
                                           f"widget extension for ipywidgets {ipywidgets}: the explorers would "
                                           "show no controls", "problem", fix)
    # JupyterLab may run from another environment (a hub's), where this kernel cannot look.
    return Finding("widget front end", f"no JupyterLab widget extension next to this kernel (ipywidgets "
                                       f"{ipywidgets}); fine if JupyterLab runs elsewhere and widgets show",
                   "note", "if the explorers show no controls: " + fix)


def _lab_extension_versions() -> list[str]:
    """Versions of the widget manager extension JupyterLab would load from this environment's paths."""
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return []
    versions = []
    for folder in jupyter_path("labextensions"):
        manifest = Path(folder, *WIDGET_EXTENSION.split("/"), "package.json")
        if manifest.is_file():
            try:
                versions.append(str(json.loads(manifest.read_text())["version"]))
            except (ValueError, KeyError, OSError):
                continue
    return versions


def _mnist(data_root) -> Finding:
    from . import mnist

    root = mnist.resolve_root(data_root)
    problems = mnist.file_problems(root)
    if not problems:
        return Finding("MNIST", f"all four files, checksums match ({root})", "ok")
    if all(problem == "missing" for problem in problems.values()):
        return Finding("MNIST", f"not in {root / 'MNIST' / 'raw'} yet", "note",
                       f"notebook 06 downloads it (needs the internet); offline, copy the four files there "
                       f"or set {mnist.ENV_VAR} to the folder that holds MNIST/raw/")
    listed = "; ".join(f"{name}: {problem}" for name, problem in problems.items())
    return Finding("MNIST", listed, "problem",
                   f"delete those files in {root / 'MNIST' / 'raw'} and load again (notebook 06 downloads fresh copies)")


def _threads() -> Finding:
    import torch

    from .seeding import THREADS_ENV, blas_threads, default_threads

    blas = ", ".join(f"{name} {n}" for name, n in blas_threads().items()) or "none loaded"
    try:
        pinned = f"set_seed pins {default_threads()}"
    except ValueError as err:  # a bad $COURSE_THREADS: every lesson's set_seed would stop on it
        return Finding("threads", str(err), "problem", f"unset {THREADS_ENV} or set it to 1")
    return Finding("threads", f"{os.cpu_count()} CPU cores; now torch uses {torch.get_num_threads()}, "
                              f"BLAS {blas}; {pinned} for both", "ok")


# Environment variables that choose other kernels: the course's second arithmetic path sets all three.
ARITHMETIC_ENV = ("ATEN_CPU_CAPABILITY", "MKL_CBWR", "OPENBLAS_CORETYPE")


def _arithmetic() -> Finding:
    """Which kernels compute here: they decide the low digits of every float (see tools/output_spread.py)."""
    import torch
    from threadpoolctl import threadpool_info

    capability = torch.backends.cpu.get_cpu_capability()
    kernels = sorted({lib.get("architecture") or "?" for lib in threadpool_info()
                      if lib.get("internal_api") == "openblas"})
    chosen = [f"{name}={os.environ[name]}" for name in ARITHMETIC_ENV if os.environ.get(name)]
    found = (f"torch's CPU kernels {capability}, OpenBLAS kernel {', '.join(kernels) or 'not loaded'}"
             + (f" (chosen by {' '.join(chosen)})" if chosen else ""))
    return Finding("arithmetic path", found, "ok")


def _device() -> Finding:
    import torch

    if torch.cuda.is_available():
        name = torch.cuda.get_device_name(0)
        return Finding("device", f"GPU: {name} (CUDA {torch.version.cuda}); training runs there", "ok")
    return Finding("device", "CPU (no CUDA GPU); the course is made to run here", "ok")


def install_missing(run=subprocess.check_call) -> list[str]:
    """Install the course's runtime packages that are missing; returns the requirements installed.

    Leaves every installed package as it is, whatever its version: a hosted
    notebook's own torch, numpy and ipywidgets builds match its hardware and
    front end. ``run`` runs the pip command (tests pass a fake).
    """
    declared = declared_requirements()
    missing = [str(declared.get(name, name)) for name in RUNTIME
               if importlib.util.find_spec(name.replace("-", "_")) is None]
    if missing:
        command = [sys.executable, "-m", "pip", "install", "--quiet", *missing]
        try:
            run(command)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise RuntimeError(f"installing the course's missing packages ({', '.join(missing)}) failed: {exc}. "
                               f"Run `%pip install {' '.join(repr(m) for m in missing)}` in a cell, read what pip "
                               "says, then restart the kernel") from None
    return missing


def main() -> int:
    report = doctor()
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
