"""The real action server and Rasa server on loopback for end-to-end tests, started the way
`make run` and deploy/ start them (deploy.processes).

The shared test servers differ from `make run` in two settings: Rasa's HTTP API has no token, so
tests can inspect trackers (they listen on 127.0.0.1 and live only for the test session), and the
live hand-off is staffed around the clock (HANDOFF_HOURS=always), so it does not depend on the hour. The
action server requires its shared secret as everywhere; tests/security attacks the real
`make run` stack (deploy.run.Stack) with every default in place.
"""

import secrets
import sys
from pathlib import Path

from deploy.processes import LOAD_CLIENT_LIMITS, Proc, base_env, free_port
from deploy.processes import action_server as action_proc
from deploy.processes import rasa_server as rasa_proc

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACTION_SERVER_TOKEN = secrets.token_urlsafe(24)  # one per test run, shared by the servers below

__all__ = ["Server", "free_port", "action_server", "rasa_server", "ACTION_SERVER_TOKEN"]


class Server(Proc):
    """A Proc that `start(timeout)` also waits for (healthy, or RuntimeError with the log's tail)."""

    def __init__(self, name: str, cmd: list, health_url: str, log_dir: Path, env: dict = None):
        super().__init__(name, cmd, Path(log_dir) / f"{name}.log", base_env(env), health_url)

    @classmethod
    def of(cls, proc: Proc) -> "Server":
        server = cls.__new__(cls)
        server.__dict__.update(proc.__dict__)
        return server

    def start(self, timeout: float = 240) -> "Server":
        super().start()
        try:
            self.wait_healthy(timeout)
        except RuntimeError:
            self.stop()
            raise
        return self


def _env(env: dict = None) -> dict:
    # someone is always on duty, so the live hand-off behaves the same whatever the hour of the run
    return base_env(
        {"ACTION_SERVER_TOKEN": ACTION_SERVER_TOKEN, "HANDOFF_HOURS": "always", **LOAD_CLIENT_LIMITS, **(env or {})}
    )


def action_server(log_dir: Path, env: dict = None) -> Server:
    return Server.of(action_proc(free_port(), Path(log_dir) / "actions.log", _env(env)))


def rasa_server(
    model: str, action_url: str, log_dir: Path, tracker_db: Path = None, name: str = "rasa", env: dict = None
) -> Server:
    """tracker_db: keep conversations in a SQLite SQL tracker store there (as `make run` does);
    env: settings of this server only (e.g. HANDOFF_HOURS=never)."""
    log_dir = Path(log_dir)
    endpoints = log_dir / f"{name}-endpoints.yml" if tracker_db else log_dir / "endpoints.yml"
    text = f'action_endpoint:\n  url: "{action_url}/webhook"\n'
    if tracker_db:
        text += f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tracker_db}\n"
    endpoints.write_text(text)
    # the widget channel stores feedback and hand-offs in the same project DB as the actions
    env = _env({"APP_DATABASE_URL": f"sqlite:///{log_dir / 'app.db'}", "RASA_API_TOKEN": "", **(env or {})})
    return Server.of(rasa_proc(model, free_port(), endpoints, log_dir / f"{name}.log", env, name=name))
