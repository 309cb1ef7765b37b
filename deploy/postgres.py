"""A PostgreSQL cluster of the project's own under build/ (the deployment, its tests and benchmarks).

Run as the invoking user, or as `postgres` when that user is root (initdb refuses root); the
cluster listens on loopback only, with a generated password.
"""

import glob
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path
from typing import List

DB_USER = "shebao"


def pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise RuntimeError(f"{name} not found: install PostgreSQL (bash scripts/services.sh)")
    return candidates[-1]


def is_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(cmd: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use the Debian package's postgres user then."""
    return ["runuser", "-u", "postgres", "--"] + cmd if is_root() else cmd


def user_can_reach(user: str, path: Path) -> bool:
    if not is_root():
        return True
    return subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(path)], capture_output=True).returncode == 0


# --- PostgreSQL ------------------------------------------------------------------------------
class Postgres:
    """A private cluster: its own data directory, TCP on 127.0.0.1 only, password auth."""

    def __init__(self, data_dir: Path, port: int, password: str):
        self.data_dir, self.port, self.password = Path(data_dir), port, password
        self.base = self.data_dir.parent
        self.log_path = self.base / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgresql://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _chown(self, path: Path) -> None:
        if is_root():
            user = pwd.getpwnam("postgres")
            os.chown(path, user.pw_uid, user.pw_gid)

    def init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o700)
        self._chown(self.base)
        pwfile = self.base / ".pw"
        pwfile.write_text(self.password + "\n")
        os.chmod(pwfile, 0o600)
        self._chown(pwfile)
        try:
            subprocess.run(
                _as_postgres(
                    [
                        pg_binary("initdb"),
                        "-D",
                        str(self.data_dir),
                        "-U",
                        DB_USER,
                        f"--pwfile={pwfile}",
                        "--auth=scram-sha-256",
                        "-E",
                        "UTF8",
                        "--no-locale",
                        "--no-instructions",
                    ]
                ),
                check=True,
                capture_output=True,
                timeout=180,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        with open(self.data_dir / "postgresql.conf", "a") as conf:
            conf.write("\n# shebao deploy\ninclude_if_exists = 'shebao.conf'\n")

    def _write_settings(self) -> None:
        settings = self.data_dir / "shebao.conf"
        settings.write_text(
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\n"
            "max_connections = 200\nshared_buffers = 64MB\n"
        )
        os.chmod(settings, 0o644)
        self._chown(settings)

    def start(self, timeout: int = 60) -> None:
        self._write_settings()
        subprocess.run(
            _as_postgres(
                [
                    pg_binary("pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_path),
                    "-w",
                    "-t",
                    str(timeout),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=timeout + 10,
            start_new_session=True,
        )
        self.wait_accepting(timeout)

    def wait_accepting(self, timeout: float = 60) -> None:
        import psycopg2

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg2.connect(self.url("postgres"), connect_timeout=3).close()
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self, mode: str = "fast") -> None:
        if not (self.data_dir / "postmaster.pid").exists():
            return
        subprocess.run(
            _as_postgres([pg_binary("pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "-t", "60", "stop"]),
            capture_output=True,
            timeout=90,
        )

    def kill(self) -> None:
        """An immediate shutdown: no checkpoint, clients cut off (what a crash looks like to them)."""
        self.stop("immediate")

    def running(self) -> bool:
        return (
            subprocess.run(
                _as_postgres([pg_binary("pg_ctl"), "-D", str(self.data_dir), "status"]), capture_output=True
            ).returncode
            == 0
        )

    def create_databases(self, names) -> None:
        import psycopg2

        connection = psycopg2.connect(self.url("postgres"), connect_timeout=5)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if not cursor.fetchone():
                    cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def query(self, database: str, sql: str, params=()) -> list:
        import psycopg2

        connection = psycopg2.connect(self.url(database), connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params or None)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()


# --- the deployment ------------------------------------------------------------------------
