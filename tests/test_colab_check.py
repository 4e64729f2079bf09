"""make colab's environment: the package's ranges with Colab's pins in their place (the run itself is make colab)."""

from packaging.requirements import Requirement

from tools import colab_check


def test_colab_pins_replace_the_packages_ranges_and_jupyterlab_is_left_out():
    wanted = {Requirement(text).name: str(Requirement(text).specifier) for text in colab_check.requirements()}
    assert wanted["ipykernel"] == "==6.17.1" and wanted["ipywidgets"] == "==7.7.1" and wanted["notebook"] == "==6.5.7"
    assert "jupyterlab" not in wanted
    assert {"numpy", "torch", "torchvision", "matplotlib", "tqdm"} <= set(wanted)


def test_each_requirement_is_one_shell_word():
    assert all(" " not in text and "'" not in text for text in colab_check.requirements())
