"""Throw-away Jupyter directories and user settings for one test session.

JupyterLab reads its user settings from ``JUPYTERLAB_SETTINGS_DIR``; writing
them there (instead of in the developer's home) keeps the run reproducible and
switches off everything that would open a dialog or a toast over the notebook:
news and update checks, kernel choice on open. ``windowingMode: "none"`` makes
JupyterLab draw every cell, also those scrolled out of view, so the tests can
find every output.
"""

from __future__ import annotations

import json
from pathlib import Path

# plugin id -> settings written as ``<settings dir>/<package>/<plugin>.jupyterlab-settings``
USER_SETTINGS: dict[str, dict] = {
    "@jupyterlab/notebook-extension:tracker": {
        "autoStartDefaultKernel": True,
        "windowingMode": "none",
        "kernelShutdown": True,
    },
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # Saving is done explicitly by the tests; autosave could race with them.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}

# Directory variables pointed at the session's temporary folder, so no user
# configuration, kernel, workspace or IPython profile leaks into the run.
JUPYTER_DIRS = {
    "JUPYTER_CONFIG_DIR": "config",
    "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "IPYTHONDIR": "ipython",
}


def write_user_settings(settings_dir: Path) -> None:
    """Write :data:`USER_SETTINGS` as JupyterLab user-settings files under ``settings_dir``."""
    for plugin_id, values in USER_SETTINGS.items():
        package, plugin = plugin_id.split(":")
        path = settings_dir / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def jupyter_environment(base: dict[str, str], tmp: Path) -> dict[str, str]:
    """Return ``base`` (the caller's environment, e.g. with COURSE_DATA_DIR) plus
    the Jupyter directory variables pointing into ``tmp``; creates the folders
    and writes the user settings."""
    env = dict(base)
    for name, sub in JUPYTER_DIRS.items():
        folder = tmp / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    write_user_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    env["PYTHONUNBUFFERED"] = "1"
    return env
