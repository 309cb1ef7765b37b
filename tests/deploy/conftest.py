"""One production-shaped deployment for tests/deploy: a throwaway PostgreSQL cluster and Redis
server of its own (temporary directories, loopback, random ports), 2 Rasa servers, 2 action
servers and nginx, started by deploy.local exactly as `python -m deploy.local up` does.

The modules run in file order (test_deploy_1… to test_deploy_5…): the fault tests, which stop
and kill parts of the deployment, come last.
"""

import shutil

import pytest
from deploy_kit import Chat


def _missing_services():
    from deploy.postgres import pg_binary

    missing = [
        name
        for name in ("redis-server", "nginx")
        if not shutil.which(name) and not (name == "nginx" and shutil.which("/usr/sbin/nginx"))
    ]
    try:
        pg_binary("initdb")
    except RuntimeError:
        missing.append("postgresql")
    return missing


@pytest.fixture(scope="session")
def deployment(trained_model, tmp_path_factory):
    missing = _missing_services()
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (bash scripts/services.sh)")
    from deploy.local import Deployment

    # staffed around the clock, as in tests/servers.py: what a hand-off does must not depend on the hour
    from deploy.processes import LOAD_CLIENT_LIMITS

    deployment = Deployment(
        tmp_path_factory.mktemp("deploy"),
        rasa=2,
        actions=2,
        model=trained_model,
        extra_env={"HANDOFF_HOURS": "always", **LOAD_CLIENT_LIMITS},  # the load tests are one client
    )
    deployment.up()
    yield deployment
    deployment.down()


@pytest.fixture
def chat(deployment):
    return lambda *urls, **kw: Chat(*(urls or (deployment.public_url,)), **kw)
