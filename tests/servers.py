"""Start the real action server and Rasa server on loopback for end-to-end tests."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Server:
    """A subprocess that is healthy once `health_url` answers 200; logs go to a file."""

    def __init__(self, name: str, cmd: list, health_url: str, log_dir: Path, env: dict = None):
        self.name, self.cmd, self.health_url = name, cmd, health_url
        self.log_path = log_dir / f"{name}.log"
        self.env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})}
        self.process = None

    def start(self, timeout: float = 240) -> "Server":
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            if _healthy(self.health_url):
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not become healthy in {timeout}s:\n{self.tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


def action_server(log_dir: Path, env: dict = None) -> Server:
    port = free_port()
    return Server("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
                  f"http://127.0.0.1:{port}/health", log_dir, env)


def rasa_server(model: str, action_url: str, log_dir: Path, tracker_db: Path = None, name: str = "rasa") -> Server:
    """tracker_db: keep conversations in a SQLite SQL tracker store there (as `make run` does)."""
    port = free_port()
    endpoints = log_dir / f"{name}-endpoints.yml" if tracker_db else log_dir / "endpoints.yml"
    text = f'action_endpoint:\n  url: "{action_url}/webhook"\n'
    if tracker_db:
        text += f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tracker_db}\n"
    endpoints.write_text(text)
    return Server(name, [str(BIN / "rasa"), "run", "-m", model, "--enable-api", "--port", str(port),
                           "--interface", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
                           "--endpoints", str(endpoints)],
                  f"http://127.0.0.1:{port}/status", log_dir,
                  # the widget channel stores feedback and hand-offs in the same project DB as the actions
                  {"APP_DATABASE_URL": f"sqlite:///{log_dir / 'app.db'}"})
