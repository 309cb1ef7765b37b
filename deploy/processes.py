"""One way to start the project's processes: `make run`, the tests and deploy/ all use this.

- `Proc`: a process in its own session (its whole group can be stopped), logging to a file,
  healthy once its health URL answers; `free_port`, `http_status`. Log files are 0600 in 0700
  folders, and the project's servers run with umask 077: what they create (SQLite databases,
  their journals) is readable by this user only.
- `base_env()`: what every server process gets (telemetry off, one TensorFlow thread, quiet logs).
- `secrets_file(path)`: the generated secrets of a set-up (mode 0600): RASA_API_TOKEN,
  ACTION_SERVER_TOKEN, PRIVACY_HASH_KEY, CALLBACK_KEY; a value given in the environment wins.
- `action_server`, `rasa_server`, `staff_console`: the three servers, started the same way
  everywhere through `python -m bot.server.logging_json` (JSON logs, every line masked; production
  refuses to start without real secrets). Every one listens on 127.0.0.1 unless told otherwise.

Used by deploy/run.py (`make run`), deploy/local.py (the production set-up), tests/servers.py
and bench/.
"""

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
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LOOPBACK = "127.0.0.1"
PRIVATE = 0o077  # the umask of the project's servers: files 0600, folders 0700
# A load generator or a test client is one address sending many conversations' turns as fast as
# it can: its servers lift the REST limits (tests/security checks them on servers of their own).
LOAD_CLIENT_LIMITS = {"LIMIT_REST_MESSAGES_PER_CLIENT": "1000000", "LIMIT_REST_MESSAGES_PER_SENDER": "1000000"}
SECRET_NAMES = ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "PRIVACY_HASH_KEY", "CALLBACK_KEY")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 3.0) -> Optional[int]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError):
        return None


class Proc:
    """A process started in its own session (so its whole group can be stopped), logging to a file."""

    def __init__(
        self,
        name: str,
        cmd: List[str],
        log_path: Path,
        env: Dict[str, str] = None,
        health_url: str = None,
        pid: int = None,
        cwd: Path = None,
        umask: int = None,
    ):
        self.name, self.cmd, self.log_path, self.env, self.health_url = name, cmd, Path(log_path), env, health_url
        self.cwd, self.umask = cwd or ROOT, umask
        self.popen: Optional[subprocess.Popen] = None
        self.pid = pid

    def start(self) -> "Proc":
        self.log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "ab") as log:
            self.popen = subprocess.Popen(
                self.cmd,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                umask=-1 if self.umask is None else self.umask,
            )
        self.pid = self.popen.pid
        return self

    def alive(self) -> bool:
        if self.popen is not None:
            return self.popen.poll() is None
        if not self.pid:
            return False
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        try:  # a recycled pid belongs to someone else
            cmdline = Path(f"/proc/{self.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return False
        return self.cmd[0].split("/")[-1] in cmdline and ") Z " not in stat

    def wait_healthy(self, timeout: float = 300, accept=(200,)) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited; last lines of {self.log_path}:\n{self.tail()}")
            if http_status(self.health_url) in accept:
                return
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not healthy after {timeout:.0f}s ({self.health_url}):\n{self.tail()}")

    def signal(self, sig) -> None:
        if self.pid and self.alive():
            try:
                os.killpg(self.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to the process group, SIGKILL after `timeout` seconds."""
        if not self.alive():
            self._reap()
            return
        self.signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if self.alive():
            self.signal(signal.SIGKILL)
        self._reap()

    def kill(self) -> None:
        """SIGKILL: the crash of an instance, no clean-up."""
        self.signal(signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if self.popen is not None:
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def state(self) -> dict:
        return {
            "name": self.name,
            "pid": self.pid,
            "cmd": self.cmd[:3],
            "log": str(self.log_path),
            "health_url": self.health_url,
        }


# --- environment and secrets ---------------------------------------------------------------------
def base_env(extra: Dict[str, str] = None) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "WECOM_"))}
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "FORCE_JSON_LOGGING": "1",
            # one process per core is the unit of scale: keep TensorFlow to one thread each
            "TF_INTRA_OP_PARALLELISM_THREADS": "1",
            "TF_INTER_OP_PARALLELISM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            # Rasa's listen backlog (default 100): with more clients connecting at once than that
            # while the server is busy, the kernel drops their SYNs and they retry after 1, 3, 7, 15 s
            "SANIC_BACKLOG": "1024",
        }
    )
    env.update(extra or {})
    return env


def read_env_file(path: Path) -> Dict[str, str]:
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def write_env_file(path: Path, values: Dict[str, str], comment: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"# {comment}\n" + "".join(f"{k}={v}\n" for k, v in sorted(values.items())))
    os.chmod(path, 0o600)


def secrets_file(path: Path, names=SECRET_NAMES, environ=None) -> Dict[str, str]:
    """The set-up's secrets: from the environment when given there, else from `path`, else
    generated now and written to `path` (mode 0600) for the next start."""
    environ = os.environ if environ is None else environ
    stored = read_env_file(path)
    values = {}
    for name in names:
        given = environ.get(name, "")
        values[name] = given or stored.get(name) or secrets.token_urlsafe(24)
    write_env_file(
        path,
        {**stored, **{k: v for k, v in values.items() if not environ.get(k)}},
        "generated secrets of this set-up (mode 0600); values given in the environment are not stored",
    )
    return values


# --- the three servers ---------------------------------------------------------------------------
def action_server(port: int, log_path: Path, env: Dict[str, str], name: str = "actions", host: str = LOOPBACK) -> Proc:
    return Proc(
        name,
        [PY, "-m", "bot.server.logging_json", "actions", "--actions", "actions", "--host", host, "--port", str(port)],
        log_path,
        env,
        f"http://127.0.0.1:{port}/health",
        umask=PRIVATE,
    )


def rasa_server(
    model: str,
    port: int,
    endpoints: Path,
    log_path: Path,
    env: Dict[str, str],
    name: str = "rasa",
    host: str = LOOPBACK,
    health: str = "/version",
) -> Proc:
    """`rasa run` with the HTTP API behind RASA_API_TOKEN (from env, never on the command line);
    no --cors: the widget channel answers cross-origin requests for its own routes only."""
    return Proc(
        name,
        [
            PY,
            "-m",
            "bot.server.logging_json",
            "rasa",
            "run",
            "-m",
            str(model),
            "--enable-api",
            "--port",
            str(port),
            "--interface",
            host,
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints),
        ],
        log_path,
        env,
        f"http://127.0.0.1:{port}{health}",
        umask=PRIVATE,
    )


def staff_console(port: int, log_path: Path, env: Dict[str, str], name: str = "staff", host: str = LOOPBACK) -> Proc:
    return Proc(
        name,
        [PY, "-m", "bot.server.logging_json", "staff", "--host", host, "--port", str(port)],
        log_path,
        env,
        f"http://127.0.0.1:{port}/login",
        umask=PRIVATE,
    )


def start_all(procs: List["Proc"], timeout: float = 300) -> None:
    """Start every process, then wait until each is healthy; stop them all if one fails."""
    try:
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.wait_healthy(timeout)
    except BaseException:
        stop_all(procs)
        raise


def stop_all(procs: List["Proc"]) -> None:
    for proc in reversed(procs):
        proc.stop()
