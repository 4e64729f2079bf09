"""The second arithmetic path is one setting: the Makefile's, the spread tool's and the doctor's agree."""

import re
import sys
from pathlib import Path

from course_utils.doctor import ARITHMETIC_ENV

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import output_spread  # noqa: E402  (tools/ is a folder of scripts)


def makefile_portable_env() -> dict[str, str]:
    line = re.search(r"^PORTABLE_ENV\s*:=\s*(.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    return dict(pair.split("=", 1) for pair in line.split())


def test_make_portable_and_the_spread_tool_use_the_same_second_path():
    assert makefile_portable_env() == output_spread.PATHS["generic"]


def test_the_doctor_names_every_variable_of_the_second_path():
    assert set(makefile_portable_env()) == set(ARITHMETIC_ENV)


def test_ci_runs_make_test_then_make_portable():
    steps = re.findall(r"^step make (\w+)", (ROOT / ".ci" / "run").read_text(), re.M)
    assert steps[:2] == ["test", "portable"]


def test_the_makefile_no_longer_sets_blas_threads():
    # set_seed pins them in every lesson: a lesson must be as fast launched outside make
    assert "OPENBLAS_NUM_THREADS" not in (ROOT / "Makefile").read_text()


def test_contributing_lists_the_tagged_cells_as_they_are():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    listed = text.split("<!-- tagged cells: begin -->\n", 1)[1].split("\n<!-- tagged cells: end -->", 1)[0]
    assert listed == output_spread.tagged_cells(), "run: python tools/output_spread.py --tagged, and paste it"

