"""A JupyterLab server on 127.0.0.1 for one test session, stopped by its own ids."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from browser_tests import processes
from browser_tests.lab_settings import jupyter_environment

START_TIMEOUT_S = 120  # measured 5-11 s idle; the machine is shared, so be generous


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``python -m jupyterlab`` serving ``root_dir``, in its own process group.

    ``tmp`` receives the throw-away Jupyter directories and ``server.log``.
    ``env`` is the caller's environment (passed through, e.g. COURSE_DATA_DIR).
    """

    def __init__(self, root_dir: Path, tmp: Path, env: dict[str, str]):
        self.root_dir = root_dir
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log_path = tmp / "server.log"
        self._env = jupyter_environment(env, tmp)
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until its REST API answers."""
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}"]
        if os.geteuid() == 0:  # CI and these machines run as root
            cmd.append("--allow-root")
        with open(self.log_path, "wb") as log:
            # start_new_session: own process group, so stop() reaches its helpers too.
            self._proc = subprocess.Popen(cmd, env=self._env, stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self._proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        """Call the server's REST API (``/api/<path>``) and return the decoded JSON (or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method, data=data,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Ask the server to shut down every kernel (best effort)."""
        try:
            for kernel in self.api("kernels"):
                self.api(f"kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass

    def lab_url(self, notebook: str) -> str:
        """URL opening ``notebook`` (a path relative to root_dir) in a fresh workspace."""
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def stop(self) -> None:
        """Stop the server, its group and every process it started (kernels too)."""
        if self._proc is None:
            return
        pid = self._proc.pid
        if self._proc.poll() is None:
            self.shutdown_kernels()
        children = processes.descendants(pid)
        processes.kill_group(pid, signal.SIGTERM)
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            processes.kill_group(pid, signal.SIGKILL)
            self._proc.wait(timeout=10)
        processes.kill_pids(processes.wait_gone(children, timeout=5))
        processes.kill_group(pid, signal.SIGKILL)  # anything left in the group
        self._proc = None

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"
