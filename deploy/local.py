"""The production set-up on one machine, on loopback: PostgreSQL, Redis, M action servers,
N Rasa servers and nginx in front of both.

    python -m deploy.local up [--rasa 2] [--actions 2] [--port 5280] [--model PATH] [--external]
    python -m deploy.local status
    python -m deploy.local down

`up` starts a PostgreSQL cluster and a Redis server of its own under build/deploy/ (generated
passwords in build/deploy/secrets.env, mode 0600), migrates the project tables (Alembic),
builds the knowledge base into PostgreSQL, creates the tracker table, then starts the action
servers, the Rasa servers (deploy/endpoints.yml: masked PostgreSQL tracker store, Redis lock
store) and nginx (deploy/nginx.conf.template rendered into build/deploy/nginx/). With
--external nothing is started for the databases: TRACKER_DATABASE_URL, KB_DATABASE_URL,
APP_DATABASE_URL, REDIS_HOST/PORT/PASSWORD and the other variables of deploy/env.example come
from the environment. `down` stops exactly the processes `up` recorded in
build/deploy/state.json. Logs: build/deploy/logs/ (JSON lines for Rasa and the action servers).

The tests (tests/deploy) and the benchmarks (bench/) use the same Deployment class with their
own temporary directory and free ports.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

import settings
from deploy.processes import (
    PY,
    ROOT,
    SECRET_NAMES,
    Proc,
    action_server,
    base_env,
    free_port,
    http_status,
    rasa_server,
    read_env_file,
    staff_console,
    write_env_file,
)
from presentation.wording import msg

DEFAULT_STATE_DIR = ROOT / "build" / "deploy"
DEFAULT_MODEL = str(settings.get().model)
DATABASES = {"tracker": "shebao_tracker", "app": "shebao_app", "kb": "shebao_kb"}
DB_USER = "shebao"


# --- helpers -----------------------------------------------------------------------------------
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


def _is_root() -> bool:
    return os.geteuid() == 0


def _as_postgres(cmd: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use the Debian package's postgres user then."""
    return ["runuser", "-u", "postgres", "--"] + cmd if _is_root() else cmd


def _user_can_reach(user: str, path: Path) -> bool:
    if not _is_root():
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
        if _is_root():
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
class Deployment:
    def __init__(
        self,
        state_dir: Path = DEFAULT_STATE_DIR,
        rasa: int = 2,
        actions: int = 2,
        public_port: int = None,
        actions_port: int = None,
        model: str = None,
        external: bool = False,
        log_level: str = "INFO",
        ports_from: int = None,
        extra_env: Dict[str, str] = None,
        lock_lifetime: int = 20,
        staff_port: int = None,
    ):
        self.state_dir = Path(state_dir)
        self.logs = self.state_dir / "logs"
        self.n_rasa, self.n_actions = rasa, actions
        self.model = str(model or DEFAULT_MODEL)
        self.external = external
        self.log_level, self.extra_env, self.lock_lifetime = log_level, dict(extra_env or {}), lock_lifetime
        port = iter(range(ports_from, ports_from + 100)) if ports_from else None
        pick = (lambda: next(port)) if port else free_port
        self.public_port = public_port or pick()
        self.actions_port = actions_port or pick()
        self.rasa_ports = [pick() for _ in range(rasa)]
        self.action_ports = [pick() for _ in range(actions)]
        self.pg_port, self.redis_port = pick(), pick()
        self.staff_port, self.staff_backend_port = staff_port or pick(), pick()
        self.secrets = self._load_secrets()
        self.postgres: Optional[Postgres] = None
        self.redis: Optional[Proc] = None
        self.nginx: Optional[Proc] = None
        self.staff: Optional[Proc] = None
        self.rasa: List[Proc] = []
        self.actions: List[Proc] = []
        self.pg_dir: Optional[Path] = None
        self._temp_pg_dir = False
        self.nginx_tmp: Optional[Path] = None

    # --- configuration ---------------------------------------------------------------------
    def _load_secrets(self) -> Dict[str, str]:
        path = self.state_dir / "secrets.env"
        values = read_env_file(path)
        for key in ("POSTGRES_PASSWORD", "REDIS_PASSWORD") + SECRET_NAMES:
            values.setdefault(key, secrets.token_urlsafe(24))
        write_env_file(path, values, "generated by deploy/local.py; local throwaway services only")
        return values

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def rasa_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{p}" for p in self.rasa_ports]

    @property
    def api_token(self) -> str:
        return os.environ.get("RASA_API_TOKEN", "") if self.external else self.secrets["RASA_API_TOKEN"]

    def database_url(self, which: str) -> str:
        if self.external:
            return os.environ[f"{which.upper()}_DATABASE_URL"]
        return self.postgres.url(DATABASES[which])

    def env(self) -> Dict[str, str]:
        env = base_env(
            {
                "LOG_LEVEL": self.log_level,
                "SHEBAO_ENV": "production",
                "SQL_POOL_SIZE": "5",
                "SQL_MAX_OVERFLOW": "5",
                "TICKET_LOCK_LIFETIME": str(self.lock_lifetime),
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
                # nginx on this host is the only proxy whose X-Forwarded-For is believed (bot.server.limits)
                "TRUSTED_PROXIES": "127.0.0.1",
            }
        )
        if not self.external:
            env.update(
                {
                    "TRACKER_DATABASE_URL": self.database_url("tracker"),
                    "APP_DATABASE_URL": self.database_url("app"),
                    "KB_DATABASE_URL": self.database_url("kb"),
                    "REDIS_HOST": "127.0.0.1",
                    "REDIS_PORT": str(self.redis_port),
                    "REDIS_PASSWORD": self.secrets["REDIS_PASSWORD"],
                    "REDIS_LOCK_DB": "1",
                    "REDIS_URL": f"redis://:{self.secrets['REDIS_PASSWORD']}@127.0.0.1:{self.redis_port}/2",
                    **{name: self.secrets[name] for name in SECRET_NAMES},
                }
            )
        env.update(self.extra_env)
        return env

    # --- services --------------------------------------------------------------------------
    def _pg_location(self) -> Path:
        wanted = self.state_dir / "pg"
        if (wanted / "data" / "PG_VERSION").exists() or _user_can_reach("postgres", self.state_dir):
            return wanted
        # The postgres user cannot enter our folder (a pytest tmp dir is 0700): use /tmp.
        self._temp_pg_dir = True
        return Path(tempfile.mkdtemp(prefix="shebao-pg-"))

    def start_databases(self) -> None:
        if self.external:
            return
        self.pg_dir = self.pg_dir or self._pg_location()
        self.postgres = Postgres(self.pg_dir / "data", self.pg_port, self.secrets["POSTGRES_PASSWORD"])
        self.postgres.init()
        self.postgres.start()
        self.postgres.create_databases(DATABASES.values())
        self.start_redis()

    def start_redis(self) -> None:
        redis_dir = self.state_dir / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        conf = redis_dir / "redis.conf"
        conf.write_text(
            f"bind 127.0.0.1\nport {self.redis_port}\nrequirepass {self.secrets['REDIS_PASSWORD']}\n"
            f'dir {redis_dir}\nsave ""\nappendonly no\nprotected-mode yes\nmaxmemory 256mb\n'
            "maxmemory-policy volatile-lru\ndaemonize no\n"
        )
        os.chmod(conf, 0o600)
        server = shutil.which("redis-server")
        if not server:
            raise RuntimeError("redis-server not found: bash scripts/services.sh")
        self.redis = Proc("redis", [server, str(conf)], self.logs / "redis.log", self.env()).start()
        deadline = time.monotonic() + 30
        while not self.redis_ping():
            if time.monotonic() > deadline or not self.redis.alive():
                raise RuntimeError(f"redis did not start:\n{self.redis.tail()}")
            time.sleep(0.2)

    def redis_ping(self) -> bool:
        import redis

        try:
            return bool(
                redis.Redis(
                    host="127.0.0.1",
                    port=self.redis_port,
                    password=self.secrets["REDIS_PASSWORD"],
                    socket_timeout=2,
                    socket_connect_timeout=2,
                ).ping()
            )
        except redis.RedisError:
            return False

    def prepare_databases(self) -> None:
        """Project tables (Alembic), the knowledge base, the tracker table: before any server starts."""
        env = self.env()
        steps = [
            ("migrate project tables", [PY, "-m", "bot.store.migrate"]),
            ("build knowledge base", [PY, "-m", "knowledge.build", "--url", env["KB_DATABASE_URL"]]),
            (
                "create tracker table",
                [
                    PY,
                    "-c",
                    "import os, sqlalchemy as sa\n"
                    "from rasa.core.tracker_store import SQLTrackerStore\n"
                    "SQLTrackerStore.Base.metadata.create_all("
                    "sa.create_engine(os.environ['TRACKER_DATABASE_URL']))",
                ],
            ),
        ]
        for title, cmd in steps:
            result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
            if result.returncode != 0:
                raise RuntimeError(f"{title} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")

    # --- servers ---------------------------------------------------------------------------
    def action_proc(self, index: int) -> Proc:
        name = f"actions-{index + 1}"
        return action_server(
            self.action_ports[index], self.logs / f"{name}.log", {**self.env(), "INSTANCE_NAME": name}, name=name
        )

    def rasa_proc(self, index: int) -> Proc:
        name = f"rasa-{index + 1}"
        return rasa_server(
            self.model,
            self.rasa_ports[index],
            ROOT / "deploy" / "endpoints.yml",
            self.logs / f"{name}.log",
            {**self.env(), "INSTANCE_NAME": name},
            name=name,
            health="/webhooks/ops/ready",
        )

    def staff_proc(self) -> Proc:
        return staff_console(self.staff_backend_port, self.logs / "staff.log", {**self.env(), "INSTANCE_NAME": "staff"})

    def render_nginx(self) -> Path:
        prefix = self.state_dir / "nginx"
        run_dir = prefix / "run"
        run_dir.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        user_directive = ""
        if _is_root():
            # Workers run as nobody and write request bodies to the temp dirs: those must be
            # reachable by nobody (a pytest tmp dir is not), else use a folder of its own in /tmp.
            user_directive = "user nobody nogroup;"
            if not _user_can_reach("nobody", run_dir):
                self.nginx_tmp = Path(tempfile.mkdtemp(prefix="shebao-nginx-"))
                os.chmod(self.nginx_tmp, 0o755)
                run_dir = self.nginx_tmp
        temp_dirs = [run_dir / sub for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
        for path in temp_dirs:
            path.mkdir(parents=True, exist_ok=True)
            if _is_root():
                nobody = pwd.getpwnam("nobody")
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in self.rasa_ports)
        values = {
            "user_directive": user_directive,
            "run_dir": str(run_dir),
            "log_dir": str(self.logs),
            "listen_host": "127.0.0.1",
            "public_port": str(self.public_port),
            "actions_port": str(self.actions_port),
            "rasa_servers": servers,
            "action_servers": "\n".join(
                f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=3s;" for p in self.action_ports
            ),
            "staff_port": str(self.staff_port),
            "staff_server": f"127.0.0.1:{self.staff_backend_port}",
            "staff_allow": "127.0.0.1",
            **{
                f"rate_limited_{lang}": msg("rate_limited", lang).replace("'", "’").replace('"', "”")
                for lang in ("zh", "en")
            },
        }
        text = (ROOT / "deploy" / "nginx.conf.template").read_text()
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        conf = prefix / "nginx.conf"
        conf.write_text(text)
        return conf

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise RuntimeError("nginx not found: bash scripts/services.sh")
        conf = self.render_nginx()
        prefix = str(self.state_dir / "nginx")
        check = subprocess.run([nginx, "-t", "-q", "-p", prefix, "-c", str(conf)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx configuration rejected:\n{check.stderr}")
        self.nginx = Proc(
            "nginx",
            [nginx, "-p", prefix, "-c", str(conf)],
            self.logs / "nginx.out",
            self.env(),
            f"{self.public_url}/webhooks/ops/health",
        ).start()

    def start_actions(self, timeout: float = 180) -> None:
        self.actions = [self.action_proc(i).start() for i in range(self.n_actions)]
        for proc in self.actions:
            proc.wait_healthy(timeout)

    def start_rasa(self, timeout: float = 400) -> None:
        self.rasa = [self.rasa_proc(i).start() for i in range(self.n_rasa)]
        with concurrent.futures.ThreadPoolExecutor(len(self.rasa)) as pool:
            list(pool.map(lambda proc: proc.wait_healthy(timeout), self.rasa))

    def restart_rasa(self, index: int, timeout: float = 400) -> None:
        self.rasa[index].stop()
        self.rasa[index] = self.rasa_proc(index).start()
        self.rasa[index].wait_healthy(timeout)

    def restart_action(self, index: int, timeout: float = 180) -> None:
        self.actions[index].stop()
        self.actions[index] = self.action_proc(index).start()
        self.actions[index].wait_healthy(timeout)

    def up(self) -> "Deployment":
        if not Path(self.model).exists():
            raise RuntimeError(f"no model at {self.model}: run `make model` (or set SHEBAO_MODEL)")
        try:
            self.start_databases()
            self.prepare_databases()
            self.start_actions()
            self.staff = self.staff_proc().start()
            self.start_nginx()
            self.start_rasa()
            self.staff.wait_healthy(120)
            self.nginx.wait_healthy(30)
        except BaseException:
            self.save_state()
            self.down()
            raise
        self.save_state()
        return self

    def down(self) -> None:
        for proc in list(self.rasa) + [p for p in (self.nginx, self.staff) if p] + list(self.actions):
            proc.stop()
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()
        if self._temp_pg_dir and self.pg_dir:
            shutil.rmtree(self.pg_dir, ignore_errors=True)
        if self.nginx_tmp:
            shutil.rmtree(self.nginx_tmp, ignore_errors=True)
        state = self.state_dir / "state.json"
        if state.exists():
            state.unlink()

    # --- state between `up` and `down` -----------------------------------------------------
    def save_state(self) -> None:
        state = {
            "rasa": [p.state() for p in self.rasa],
            "actions": [p.state() for p in self.actions],
            "nginx": self.nginx.state() if self.nginx else None,
            "redis": self.redis.state() if self.redis else None,
            "staff": self.staff.state() if self.staff else None,
            "staff_port": self.staff_port,
            "staff_backend_port": self.staff_backend_port,
            "postgres": {
                "data_dir": str(self.postgres.data_dir),
                "port": self.postgres.port,
                "temporary": self._temp_pg_dir,
            }
            if self.postgres
            else None,
            "public_port": self.public_port,
            "actions_port": self.actions_port,
            "rasa_ports": self.rasa_ports,
            "action_ports": self.action_ports,
            "redis_port": self.redis_port,
            "external": self.external,
            "model": self.model,
        }
        (self.state_dir / "state.json").write_text(json.dumps(state, indent=2))

    @classmethod
    def load(cls, state_dir: Path = DEFAULT_STATE_DIR) -> Optional["Deployment"]:
        path = Path(state_dir) / "state.json"
        if not path.exists():
            return None
        state = json.loads(path.read_text())
        deployment = cls(
            state_dir,
            rasa=len(state["rasa_ports"]),
            actions=len(state["action_ports"]),
            public_port=state["public_port"],
            actions_port=state["actions_port"],
            model=state["model"],
            external=state["external"],
            staff_port=state.get("staff_port"),
        )
        deployment.staff_backend_port = state.get("staff_backend_port", deployment.staff_backend_port)
        deployment.rasa_ports, deployment.action_ports = state["rasa_ports"], state["action_ports"]
        deployment.redis_port = state["redis_port"]

        def proc(entry):
            return (
                Proc(entry["name"], entry["cmd"], Path(entry["log"]), health_url=entry["health_url"], pid=entry["pid"])
                if entry
                else None
            )

        deployment.rasa = [proc(e) for e in state["rasa"]]
        deployment.actions = [proc(e) for e in state["actions"]]
        deployment.nginx, deployment.redis = proc(state["nginx"]), proc(state["redis"])
        deployment.staff = proc(state.get("staff"))
        if state["postgres"]:
            data_dir = Path(state["postgres"]["data_dir"])
            deployment.pg_dir = data_dir.parent
            deployment._temp_pg_dir = False  # keep the data of a local deployment between up and down
            deployment.pg_port = state["postgres"]["port"]
            deployment.postgres = Postgres(data_dir, deployment.pg_port, deployment.secrets["POSTGRES_PASSWORD"])
        return deployment

    def status(self) -> Dict[str, str]:
        report = {}
        for proc in self.rasa + self.actions + [p for p in (self.nginx, self.staff, self.redis) if p]:
            if not proc.alive():
                report[proc.name] = "not running"
            elif proc.health_url:
                report[proc.name] = f"running, {proc.health_url} -> {http_status(proc.health_url)}"
            else:
                report[proc.name] = "running"
        if self.postgres:
            report["postgres"] = "running" if self.postgres.running() else "not running"
        return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run the production set-up on this machine (loopback only).")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start PostgreSQL, Redis, action servers, Rasa servers and nginx")
    up.add_argument("--rasa", type=int, default=2, help="number of Rasa servers (default 2)")
    up.add_argument("--actions", type=int, default=2, help="number of action servers (default 2)")
    up.add_argument("--port", type=int, default=5280, help="public port of nginx (default 5280)")
    up.add_argument("--actions-port", type=int, default=5250, help="nginx port for the action servers")
    up.add_argument("--staff-port", type=int, default=5290, help="nginx port for the staff console (office network)")
    up.add_argument("--first-port", type=int, default=5201, help="Rasa/action/PostgreSQL/Redis ports start here")
    up.add_argument("--model", default=DEFAULT_MODEL)
    up.add_argument(
        "--external",
        action="store_true",
        help="use the databases and Redis named by the environment (deploy/env.example)",
    )
    for name in ("status", "down"):
        sub.add_parser(name)
    for command in (up,) + tuple(sub.choices[n] for n in ("status", "down")):
        command.add_argument("--state-dir", default=str(DEFAULT_STATE_DIR))
    args = parser.parse_args(argv)
    state_dir = Path(args.state_dir)

    if args.command == "up":
        existing = Deployment.load(state_dir)
        if existing and any(p.alive() for p in existing.rasa + existing.actions):
            print(
                f"already running (see {state_dir / 'state.json'}); `python -m deploy.local down` first",
                file=sys.stderr,
            )
            return 1
        if args.rasa < 1 or args.actions < 1:
            parser.error("--rasa and --actions must be at least 1")
        deployment = Deployment(
            state_dir,
            rasa=args.rasa,
            actions=args.actions,
            public_port=args.port,
            actions_port=args.actions_port,
            model=args.model,
            external=args.external,
            ports_from=args.first_port,
            staff_port=args.staff_port,
        )
        print(
            f"starting {args.rasa} Rasa server(s), {args.actions} action server(s), nginx"
            + ("" if args.external else ", PostgreSQL and Redis")
            + " …",
            flush=True,
        )
        started = time.monotonic()
        deployment.up()
        print(
            f"\nup in {time.monotonic() - started:.0f}s:\n"
            f"  public (nginx):  {deployment.public_url}/webhooks/rest/webhook\n"
            f"  Rasa servers:    {', '.join(deployment.rasa_urls)}  (each: /webhooks/ops/ready, /webhooks/ops/metrics)\n"  # noqa: E501
            f"  staff console:   http://127.0.0.1:{deployment.staff_port}  (account: python -m bot.staff create-user NAME)\n"  # noqa: E501
            f"  action servers:  http://127.0.0.1:{deployment.actions_port} -> "
            f"{', '.join(str(p) for p in deployment.action_ports)}\n"
            + (
                ""
                if args.external
                else f"  PostgreSQL:      127.0.0.1:{deployment.pg_port} (databases {', '.join(DATABASES.values())})\n"
                f"  Redis:           127.0.0.1:{deployment.redis_port}\n"
                f"  secrets:         {state_dir / 'secrets.env'}\n"
            )
            + f"  logs:            {deployment.logs}/\n\n"
            f'  curl -s {deployment.public_url}/webhooks/rest/webhook -d \'{{"sender":"me","message":"灵活就业怎么交社保"}}\'\n'  # noqa: E501
            f"  python -m deploy.local down"
        )
        return 0

    deployment = Deployment.load(state_dir)
    if deployment is None:
        print("nothing is running (no state.json)")
        return 0
    if args.command == "status":
        for name, value in deployment.status().items():
            print(f"{name:12} {value}")
        return 0
    deployment.down()
    print("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
