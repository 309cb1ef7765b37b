"""The baseline: Rasa's own starter bot (`rasa init --no-prompt`), trained in a temporary folder
and served by one `rasa run` on loopback, with Rasa's defaults (in-memory tracker and lock
store, no action server)."""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.local import Proc, free_port

RASA = str(Path(sys.executable).parent / "rasa")


def env() -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


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
            result = subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(self.dir)], cwd=self.dir,
                                    env=env(), stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
        if result.returncode != 0 or not list((self.dir / "models").glob("*.tar.gz")):
            raise RuntimeError(f"rasa init failed; see {self.log_dir / 'starter-train.log'}")
        self.train_seconds = time.monotonic() - started
        return self.train_seconds

    def start(self, timeout: float = 300) -> "StarterBot":
        model = sorted((self.dir / "models").glob("*.tar.gz"))[-1]
        self.proc = Proc("starter", [RASA, "run", "-m", str(model), "--port", str(self.port), "--interface", "127.0.0.1"],
                         self.log_dir / "starter.log", env(), f"{self.url}/", cwd=self.dir).start()
        self.proc.wait_healthy(timeout)
        return self

    def stop(self) -> None:
        if self.proc:
            self.proc.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
