"""The attacker's targets, all on loopback: the real `make run` stack (deploy.run.Stack: action
server, Rasa server, staff console, every default in place) in a temporary build folder, and the
production nginx template (deploy/nginx.conf.template, rendered by deploy.local) in front of it.

The stack believes X-Forwarded-For from 127.0.0.1 (TRUSTED_PROXIES), as a deployment behind its
own nginx does: the tests play different citizens by sending documentation addresses
(203.0.113.0/24) in that header — a header value only; no traffic leaves the machine. The limits
are set low so that every limit is reached in a few requests.
"""

import os
import shutil

import pytest
from security_kit import PASSWORD, STACK_ENV, create_user


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory):
    from deploy.processes import free_port
    from deploy.run import Stack

    build = tmp_path_factory.mktemp("security-build")
    ports = {"RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port()), "STAFF_PORT": str(free_port())}
    environ = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "PRIVACY_HASH_KEY", "TRACKER_DATABASE_URL", "APP_DATABASE_URL")
    }
    stack = Stack(build, model=trained_model, environ={**environ, **ports}, extra_env=STACK_ENV)
    stack.up()
    create_user(stack.env, "alice", PASSWORD)
    yield stack
    stack.down()


@pytest.fixture(scope="session")
def proxy(stack, tmp_path_factory):
    """nginx from the production template in front of the stack (one Rasa, one action server)."""
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        pytest.fail("nginx not found: run scripts/services.sh")
    from deploy.local import Deployment

    deployment = Deployment(tmp_path_factory.mktemp("security-nginx"), rasa=1, actions=1, external=True)
    deployment.rasa_ports = [stack.ports["rasa"]]
    deployment.action_ports = [stack.ports["action"]]
    deployment.staff_backend_port = stack.ports["staff"]
    deployment.start_nginx()
    deployment.nginx.wait_healthy(30)
    yield deployment
    deployment.nginx.stop()
    if deployment.nginx_tmp:
        shutil.rmtree(deployment.nginx_tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free loopback port (Debian's redis-server: scripts/services.sh)."""
    import subprocess
    import time

    import redis

    from deploy.processes import free_port

    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(server):
        pytest.fail("redis-server not found: run scripts/services.sh")
    port, folder = free_port(), tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=0.5).ping()
            break
        except redis.RedisError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)
