"""The baseline: Rasa's own starter bot (`rasa init --no-prompt`), trained in a temporary folder
and served by one `rasa run` on loopback with `make run`'s stores — the same SQLite tracker store
class and settings (bot.store.tracker_store.MaskingSQLTrackerStore, a file of its own) and Rasa's
default in-memory lock store — so the comparison measures the assistant, not the storage."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.processes import ROOT, Proc, base_env, free_port

RASA = str(Path(sys.executable).parent / "rasa")


def env() -> dict:
    return base_env({"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")})


class StarterBot:
    def __init__(self, log_dir: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="rasa-starter-"))
        self.log_dir = Path(log_dir)
        self.proc = None
        self.port = free_port()
        self.train_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def train(self, timeout: float = 1800) -> float:
        started = time.monotonic()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / "starter-train.log", "wb") as log:
            result = subprocess.run(
                [RASA, "init", "--no-prompt", "--init-dir", str(self.dir)],
                cwd=self.dir,
                env=env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        if result.returncode != 0 or not list((self.dir / "models").glob("*.tar.gz")):
            raise RuntimeError(f"rasa init failed; see {self.log_dir / 'starter-train.log'}")
        self.train_seconds = time.monotonic() - started
        return self.train_seconds

    def start(self, timeout: float = 300) -> "StarterBot":
        model = sorted((self.dir / "models").glob("*.tar.gz"))[-1]
        endpoints = self.dir / "bench-endpoints.yml"
        endpoints.write_text(
            "tracker_store:\n  type: bot.store.tracker_store.MaskingSQLTrackerStore\n  dialect: sqlite\n"
            f"  db: {self.dir / 'tracker.db'}\n"
        )
        self.proc = Proc(
            "starter",
            [
                RASA,
                "run",
                "-m",
                str(model),
                "--port",
                str(self.port),
                "--interface",
                "127.0.0.1",
                "--endpoints",
                str(endpoints),
            ],
            self.log_dir / "starter.log",
            env(),
            f"{self.url}/",
            cwd=self.dir,
        ).start()
        self.proc.wait_healthy(timeout)
        return self

    def stop(self) -> None:
        if self.proc:
            self.proc.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
