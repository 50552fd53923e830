"""A ``moto-kendra-server`` subprocess on 127.0.0.1 for the benchmark scripts, and its RSS."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(process: subprocess.Popen, port: int, name: str) -> bool:
    """Wait up to 60 s for ``process`` to accept connections on 127.0.0.1:``port``; False if
    it did not; RuntimeError if it exited first."""
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Server:
    """Started on enter, terminated on exit; its stderr is kept in ``log`` (tracebacks)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="moto-kendra-server-", suffix=".log",
                                               delete=False)
        script = shutil.which("moto-kendra-server")
        base = [script] if script else [sys.executable, "-m", "moto_kendra.server"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [*base, "-H", "127.0.0.1", "-p", str(self.port)], cwd=str(ROOT), env=env,
            stdout=subprocess.DEVNULL, stderr=self.log,
        )

    def __enter__(self) -> Server:
        if wait_until_listening(self.process, self.port, "moto-kendra-server"):
            return self
        self.__exit__()
        raise RuntimeError("moto-kendra-server did not start")

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()

    def rss_mb(self) -> float:
        """Resident set size of the server process (VmRSS of /proc/<pid>/status), in MB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def tracebacks(self) -> list[str]:
        """The last line of every traceback the server wrote so far (exception and message)."""
        text = Path(self.log.name).read_text(errors="replace")
        found, inside = [], False
        for line in text.splitlines():
            if line.startswith("Traceback"):
                inside = True
            elif inside and line and not line.startswith(" "):
                found.append(line[:200])
                inside = False
        return found
