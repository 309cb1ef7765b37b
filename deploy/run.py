"""`make run`: the action server, the Rasa server and the staff console on this machine.

    python -m deploy.run serve    # until Ctrl-C
    python -m deploy.run shell    # talk in the terminal (action server + `rasa shell`)

Closed by default: every server listens on 127.0.0.1 (RASA_HOST, ACTION_HOST, STAFF_HOST to
change that) on RASA_PORT (5005), ACTION_PORT (5055) and STAFF_PORT (5080). Rasa's HTTP API
needs RASA_API_TOKEN; the action server needs ACTION_SERVER_TOKEN from its caller; masking uses
PRIVACY_HASH_KEY. Each is taken from the environment when given there, else generated on the
first run and kept in build/run/secrets.env (mode 0600), where the printed instructions point.
Conversations go to the SQLite tracker store of endpoints.yml (build/tracker.db), logs to
build/logs/ (JSON lines, personal data masked).
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

import settings
from deploy.processes import (
    PRIVATE,
    PY,
    ROOT,
    Proc,
    action_server,
    base_env,
    rasa_server,
    secrets_file,
    staff_console,
    start_all,
    stop_all,
)

DEFAULT_MODEL = str(settings.get().model)


class Stack:
    """The three servers of `make run`, in `build_dir` (build/ for `make run`; tests use a temp dir)."""

    def __init__(
        self,
        build_dir: Path = ROOT / "build",
        model: str = DEFAULT_MODEL,
        ports: Dict[str, int] = None,
        hosts: Dict[str, str] = None,
        extra_env: Dict[str, str] = None,
        environ=None,
    ):
        environ = os.environ if environ is None else environ
        self.build_dir = Path(build_dir)
        self.build_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # created private when new
        self.logs = self.build_dir / "logs"
        self.model = model
        ports = ports or {}
        hosts = hosts or {}
        self.ports = {
            name: int(ports.get(name) or environ.get(f"{name.upper()}_PORT") or default)
            for name, default in (("rasa", 5005), ("action", 5055), ("staff", 5080))
        }
        self.hosts = {
            name: hosts.get(name) or environ.get(f"{name.upper()}_HOST") or "127.0.0.1"
            for name in ("rasa", "action", "staff")
        }
        self.secrets_path = self.build_dir / "run" / "secrets.env"
        self.secrets = secrets_file(self.secrets_path, environ=environ)
        self.env = base_env(
            {
                **self.secrets,
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['action']}/webhook",
                "TRACKER_DATABASE_URL": environ.get("TRACKER_DATABASE_URL")
                or f"sqlite:///{self.build_dir / 'tracker.db'}",
                "APP_DATABASE_URL": environ.get("APP_DATABASE_URL") or f"sqlite:///{self.build_dir / 'app.db'}",
                **(extra_env or {}),
            }
        )
        self.procs: List[Proc] = []

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['action']}"

    @property
    def staff_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['staff']}"

    def endpoints(self) -> Path:
        """endpoints.yml with this stack's action server and tracker database."""
        path = self.build_dir / "run" / "endpoints.yml"
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the URL may hold a password
        with os.fdopen(fd, "w") as handle:
            handle.write(
                "# written by deploy/run.py from its settings; the committed defaults are in endpoints.yml\n"
                f'action_endpoint:\n  url: "{self.env["ACTION_ENDPOINT_URL"]}"\n'
                "tracker_store:\n  type: bot.store.tracker_store.MaskingSQLTrackerStore\n"
                f'  url: "{self.env["TRACKER_DATABASE_URL"]}"\n'
            )
        return path

    def servers(self) -> List[Proc]:
        return [
            action_server(self.ports["action"], self.logs / "actions.log", self.env, host=self.hosts["action"]),
            rasa_server(
                self.model,
                self.ports["rasa"],
                self.endpoints(),
                self.logs / "rasa.log",
                self.env,
                host=self.hosts["rasa"],
            ),
            staff_console(self.ports["staff"], self.logs / "staff.log", self.env, host=self.hosts["staff"]),
        ]

    def up(self, timeout: float = 400) -> "Stack":
        subprocess.run(
            [PY, "-m", "bot.store.migrate"], cwd=ROOT, env=self.env, check=True, capture_output=True, umask=PRIVATE
        )
        self.procs = self.servers()
        start_all(self.procs, timeout)
        return self

    def down(self) -> None:
        stop_all(self.procs)

    def dead(self) -> List[str]:
        return [p.name for p in self.procs if not p.alive()]


def instructions(stack: Stack) -> str:
    r, s = stack.rasa_url, stack.staff_url
    return f"""
  The assistant is running (every server on {", ".join(sorted(set(stack.hosts.values())))} only).
    REST:         curl -s {r}/webhooks/rest/webhook -d '{{"sender":"me","message":"灵活就业怎么交社保"}}'
    Web widget:   {r}/webhooks/widget/demo   (demo page; docs/widget.md)
    Staff:        {s}   (account: {PY} -m bot.staff create-user NAME)
    HTTP API:     {r}/status?token=…   (token: RASA_API_TOKEN in {stack.secrets_path}, mode 0600)
    Actions:      {stack.action_url}/health   (callers need ACTION_SERVER_TOKEN, same file)
    Logs:         {stack.logs}/
  Press Ctrl-C to stop.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("serve", "shell"), nargs="?", default="serve")
    args = parser.parse_args(argv)
    stack = Stack()
    if not Path(stack.model).exists():
        print(f"no model at {stack.model}: run `make model`", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    if args.mode == "shell":
        actions = stack.servers()[0]
        try:
            start_all([actions])
            return subprocess.call(
                [str(Path(PY).parent / "rasa"), "shell", "-m", stack.model, "--endpoints", str(stack.endpoints())],
                cwd=ROOT,
                env=stack.env,
            )
        finally:
            stop_all([actions])
    try:
        print("starting the action server, the Rasa server and the staff console …", flush=True)
        stack.up()
        print(instructions(stack), flush=True)
        while not stack.dead():
            time.sleep(1)
        print(f"stopped by itself: {', '.join(stack.dead())}; see {stack.logs}/", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
