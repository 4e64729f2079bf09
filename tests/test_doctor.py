"""The course doctor reports each thing the course needs, and a fix for every problem."""

import sys

import pytest

from course_utils import doctor as doc
from course_utils.doctor import Finding, doctor, install_missing


def rows(report):
    return {f.item: f for f in report.findings}


def test_this_environment_is_reported_row_by_row_and_ready():
    report = doctor()
    by_item = rows(report)
    for item in ("Python", "numpy", "torch", "ipywidgets", "widget front end", "MNIST", "threads", "arithmetic path",
                 "device"):
        assert item in by_item
    assert report.ok, str(report)
    assert str(report).startswith("Course doctor") and str(report).endswith("ready")
    assert "<table" in report._repr_html_()


def test_threads_row_reports_torch_and_blas_threads_and_what_set_seed_pins(monkeypatch):
    from course_utils.seeding import set_seed

    monkeypatch.setenv("COURSE_THREADS", "2")
    set_seed(0)
    try:
        threads = rows(doctor())["threads"]
        assert threads.status == "ok" and "torch uses 2" in threads.found and "set_seed pins 2" in threads.found
        assert "BLAS openblas (numpy" in threads.found and ") 2;" in threads.found
    finally:
        monkeypatch.delenv("COURSE_THREADS")
        set_seed(0)


def test_a_bad_thread_count_in_the_environment_is_a_problem_naming_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_THREADS", "two")
    threads = rows(doctor())["threads"]
    assert threads.status == "problem" and "COURSE_THREADS must be a whole number" in threads.found
    assert "'two'" in threads.found and "unset COURSE_THREADS" in threads.fix


def test_arithmetic_path_row_names_torchs_kernels_and_the_variables_that_chose_them(monkeypatch):
    import torch

    for name in doc.ARITHMETIC_ENV:  # a machine may set some itself (OPENBLAS_CORETYPE, say)
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MKL_CBWR", "COMPATIBLE")
    path = rows(doctor())["arithmetic path"]
    assert path.status == "ok" and torch.backends.cpu.get_cpu_capability() in path.found
    assert "OpenBLAS kernel" in path.found and "(chosen by MKL_CBWR=COMPATIBLE)" in path.found


def test_a_missing_package_is_a_problem_with_the_command_that_fixes_it(monkeypatch):
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: None if name == "tqdm" else real(name))
    report = doctor()
    tqdm = rows(report)["tqdm"]
    assert tqdm.status == "problem" and "not installed" in tqdm.found and "tools/install.py" in tqdm.fix
    assert not report.ok and "1 problem(s) to fix first" in str(report)


def test_a_package_older_than_the_range_is_a_problem(monkeypatch):
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: "1.26.4" if name == "numpy" else real(name))
    numpy = rows(doctor())["numpy"]
    assert numpy.status == "problem" and "too old" in numpy.found and ">=2.0" in numpy.found


def test_a_version_other_than_the_locked_one_is_a_note_not_a_problem(monkeypatch):
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: "99.0" if name == "matplotlib" else real(name))
    report = doctor()
    assert rows(report)["matplotlib"].status == "note" and "tested with 3.11.2" in rows(report)["matplotlib"].found
    assert report.ok


def test_a_local_build_tag_is_the_same_version(monkeypatch):
    real = doc._installed
    local = doc.locked_versions()["torch"] + "+cpu"  # the locked release, as a CPU build
    monkeypatch.setattr(doc, "_installed", lambda name: local if name == "torch" else real(name))
    assert rows(doctor())["torch"].status == "ok"


def test_outside_the_course_folder_packages_are_checked_against_the_ranges(monkeypatch, tmp_path):
    monkeypatch.setattr(doc, "LOCK", tmp_path / "no-lock.txt")
    report = doctor()
    assert all(f.status == "ok" for f in report.findings if f.item in doc.RUNTIME)
    monkeypatch.setattr(doc, "_installed", lambda name: None)
    assert rows(doctor())["torch"].fix.startswith('pip install "torch>=')


def test_mnist_missing_is_a_note_and_a_changed_file_a_problem(tmp_path):
    assert rows(doctor(tmp_path))["MNIST"].status == "note"
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-labels-idx1-ubyte").write_bytes(b"not mnist")
    mnist_row = rows(doctor(tmp_path))["MNIST"]
    assert mnist_row.status == "problem" and "SHA-256 differs" in mnist_row.found and "delete" in mnist_row.fix


def test_a_widget_extension_for_the_other_ipywidgets_is_a_problem(monkeypatch):
    import ipywidgets

    wrong = "3.1.11" if int(ipywidgets.__version__.split(".")[0]) >= 8 else "5.0.16"
    monkeypatch.setattr(doc, "_lab_extension_versions", lambda: [wrong])
    row = rows(doctor())["widget front end"]
    assert row.status == "problem" and "does not match" in row.found and "jupyterlab_widgets" in row.fix
    monkeypatch.setattr(doc, "_lab_extension_versions", lambda: [])
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: None if name == "jupyterlab" else real(name))
    row = rows(doctor())["widget front end"]
    assert row.status == "note" and "no JupyterLab widget extension" in row.found  # JupyterLab may run elsewhere


def test_a_mismatched_widget_extension_without_jupyterlab_here_is_a_note(monkeypatch):
    import ipywidgets

    wrong = "3.1.11" if int(ipywidgets.__version__.split(".")[0]) >= 8 else "5.0.16"
    monkeypatch.setattr(doc, "_lab_extension_versions", lambda: [wrong])  # what pip gives ipywidgets 7.7.1 on Colab
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: None if name == "jupyterlab" else real(name))
    report = doctor()
    row = rows(report)["widget front end"]
    assert row.status == "note" and "no JupyterLab" in row.found and "brings its own" in row.found
    assert row not in report.problems


def test_jupyterlab_here_without_the_widget_extension_is_a_problem(monkeypatch):
    monkeypatch.setattr(doc, "_lab_extension_versions", lambda: [])
    monkeypatch.setattr(doc, "in_course_folder", lambda: True)  # make lab runs JupyterLab from this environment
    real = doc._installed
    monkeypatch.setattr(doc, "_installed", lambda name: "4.4.0" if name == "jupyterlab" else real(name))
    row = rows(doctor())["widget front end"]
    assert row.status == "problem" and "would show no controls" in row.found and "jupyterlab_widgets" in row.fix


def test_a_gpu_is_named_in_the_device_row(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "NVIDIA H200")
    assert "GPU: NVIDIA H200" in rows(doctor())["device"].found


def test_install_missing_installs_only_what_is_missing(monkeypatch):
    calls = []
    assert install_missing(run=calls.append) == [] and calls == []
    real = doc.importlib.util.find_spec
    monkeypatch.setattr(doc.importlib.util, "find_spec", lambda name: None if name == "tqdm" else real(name))
    installed = install_missing(run=calls.append)
    assert installed == [str(doc.declared_requirements()["tqdm"])] and installed[0].startswith("tqdm>=")
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", *installed]]


def test_make_doctor_exits_non_zero_on_a_problem(monkeypatch, capsys):
    assert doc.main() == 0
    monkeypatch.setattr(doc, "_installed", lambda name: None)
    assert doc.main() == 1 and "problem" in capsys.readouterr().out


def test_a_finding_with_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="status must be one of"):
        Finding("x", "y", "fine")


def test_run_from_a_checkout_without_installing_the_ranges_come_from_pyproject(monkeypatch):
    def not_installed(name):
        raise doc.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(doc.metadata, "requires", not_installed)
    assert str(doc.declared_requirements()["torch"]).startswith("torch>=")
    assert rows(doctor())["torch"].status in ("ok", "note")


def test_a_check_that_fails_itself_is_a_problem_row_not_a_crash(monkeypatch):
    def refuse():
        raise PermissionError(13, "Permission denied", "/proc/cpuinfo")
    monkeypatch.setattr(doc, "_device", refuse)
    report = doctor()
    device = rows(report)["device"]
    assert device.status == "problem" and "could not be checked: PermissionError" in device.found
    assert not report.ok and "MNIST" in rows(report)


def test_an_unreadable_lock_file_is_reported_and_the_ranges_still_checked(monkeypatch):
    def refuse():
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(doc, "locked_versions", refuse)
    by_item = rows(doctor())
    assert by_item["lock file"].status == "problem" and "cannot be read (Permission denied)" in by_item["lock file"].found
    assert by_item["numpy"].status == "ok"


def test_a_malformed_declared_requirement_is_reported_not_raised(monkeypatch):
    monkeypatch.setattr(doc.metadata, "requires", lambda name: ["numpy>=1.24", "torch >= = 2"])
    by_item = rows(doctor())
    assert by_item["course package"].status == "problem" and "'torch >= = 2'" in by_item["course package"].found


def test_a_failed_install_says_what_failed_and_what_to_run(monkeypatch):
    import subprocess

    def fails(command):
        raise subprocess.CalledProcessError(1, command)
    real = doc.importlib.util.find_spec
    monkeypatch.setattr(doc.importlib.util, "find_spec", lambda name: None if name == "tqdm" else real(name))
    with pytest.raises(RuntimeError, match=r"installing the course's missing packages \(tqdm.*\) failed.*%pip install"):
        install_missing(run=fails)


def test_outside_the_course_folder_an_old_front_end_package_is_a_note_and_an_old_lesson_package_a_problem(monkeypatch):
    real = doc._installed
    monkeypatch.setattr(doc, "in_course_folder", lambda: False)  # Colab, a hub: the package installed on its own
    monkeypatch.setattr(doc, "_installed", lambda name: {"ipykernel": "6.17.1", "numpy": "1.26.4"}.get(name) or real(name))
    by_item = rows(doctor())
    assert by_item["ipykernel"].status == "note" and "too old" in by_item["ipykernel"].found
    assert by_item["numpy"].status == "problem" and "too old" in by_item["numpy"].found


# --- a broken environment, by category (counted in docs/bad_input.md): the doctor reports each as a
# row with a fix, never a crash. Each row: (category, arrange(monkeypatch, tmp_path) -> data_root,
# the report's item, its status, a fragment of what it found).

def _without(name):
    real = doc._installed
    return lambda package: None if package == name else real(package)


def _version(name, version):
    real = doc._installed
    return lambda package: version if package == name else real(package)


def _changed_mnist(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-labels-idx1-ubyte").write_bytes(b"not mnist")
    return tmp_path


def _refuse(*args):
    raise PermissionError(13, "Permission denied", "/proc/cpuinfo")


DOCTOR_ROWS = [
    ("wrong type", lambda mp, tmp: mp.setenv("COURSE_THREADS", "two"), "threads", "problem",
     "COURSE_THREADS must be a whole number"),
    ("wrong type", lambda mp, tmp: mp.setattr(doc.metadata, "requires", lambda name: ["numpy>=1.24", "torch >= = 2"]),
     "course package", "problem", "'torch >= = 2'"),
    ("empty", lambda mp, tmp: tmp, "MNIST", "note", "not in"),
    ("empty", lambda mp, tmp: mp.setattr(doc, "_installed", _without("tqdm")), "tqdm", "problem", "not installed"),
    ("empty", lambda mp, tmp: mp.setattr(doc, "_lab_extension_versions", lambda: []) or mp.setattr(
        doc, "in_course_folder", lambda: True) or mp.setattr(doc, "_installed", _version("jupyterlab", "4.4.0")),
     "widget front end", "problem", "would show no controls"),
    ("wrong shape or dtype", lambda mp, tmp: _changed_mnist(tmp), "MNIST", "problem", "SHA-256 differs"),
    ("out of range", lambda mp, tmp: mp.setattr(doc, "_installed", _version("numpy", "1.26.4")), "numpy", "problem",
     "too old"),
    ("call order", lambda mp, tmp: mp.setattr(doc, "_device", _refuse), "device", "problem",
     "could not be checked: PermissionError"),
    ("call order", lambda mp, tmp: mp.setattr(doc, "locked_versions", _refuse), "lock file", "problem",
     "cannot be read (Permission denied)"),
]


@pytest.mark.parametrize("category, arrange, item, status, fragment", DOCTOR_ROWS,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(DOCTOR_ROWS)])
def test_a_broken_environment_is_a_row_of_the_report_not_a_crash(category, arrange, item, status, fragment,
                                                                  monkeypatch, tmp_path):
    data_root = arrange(monkeypatch, tmp_path)
    row = rows(doctor(data_root if isinstance(data_root, type(tmp_path)) else None))[item]
    assert row.status == status and fragment in row.found, row
    assert row.status == "ok" or row.fix, "every note and problem says what to do"
