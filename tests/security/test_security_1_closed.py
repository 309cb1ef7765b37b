"""Closed by default: loopback binds, the ports `make run` is given, Rasa's HTTP API behind a
token kept in a 0600 file, the action server behind its shared secret, CORS only for the
widget's routes and the configured site, production refusing placeholder secrets, and the
production nginx template refusing the admin paths."""

import os
import stat
import subprocess
import sys

import pytest
from security_kit import ROOT, SITE, client, listening_addresses, request

ADMIN = [
    ("GET", "/conversations/13912345678/tracker"),
    ("GET", "/status"),
    ("GET", "/domain"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/conversations/x/tracker/events"),
    ("POST", "/conversations/x/trigger_intent"),
    ("POST", "/model/parse"),
]


def test_every_server_listens_on_loopback_only_on_the_given_ports(stack):
    for name in ("rasa", "action", "staff"):
        assert set(listening_addresses(stack.ports[name])) == {"127.0.0.1"}, name


@pytest.mark.parametrize("method, path", ADMIN)
def test_the_http_api_needs_the_token(stack, method, path):
    body = {} if method in ("POST", "PUT") else None
    assert request(stack.rasa_url + path, body, method=method)[0] == 401
    assert request(stack.rasa_url + path + "?token=wrong", body, method=method)[0] == 401


def test_the_model_stays_loaded_and_the_token_works(stack):
    token = stack.secrets["RASA_API_TOKEN"]
    status, body, _ = request(f"{stack.rasa_url}/status?token={token}")
    assert status == 200 and b"model_file" in body


def test_the_token_is_generated_into_a_private_file_and_its_place_printed(stack):
    from deploy.run import instructions

    path = stack.secrets_path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert f"RASA_API_TOKEN={stack.secrets['RASA_API_TOKEN']}" in path.read_text()
    assert len(stack.secrets["RASA_API_TOKEN"]) >= 24
    assert str(path) in instructions(stack) and stack.secrets["RASA_API_TOKEN"] not in instructions(stack)


def test_the_action_server_answers_only_the_rasa_servers(stack):
    call = {"next_action": "action_answer", "sender_id": "x", "tracker": {}, "domain": {}, "version": "3.6.2"}
    assert request(f"{stack.action_url}/webhook", call)[0] == 401
    assert request(f"{stack.action_url}/webhook", call, headers={"X-Action-Token": "guess"})[0] == 401
    assert request(f"{stack.action_url}/actions")[0] == 401
    status, _, _ = request(
        f"{stack.action_url}/actions", headers={"X-Action-Token": stack.secrets["ACTION_SERVER_TOKEN"]}
    )
    assert status == 200


def test_cors_only_for_the_widget_routes_and_the_configured_site(stack):
    preflight = {"Access-Control-Request-Method": "POST"}
    status, _, headers = request(
        f"{stack.rasa_url}/webhooks/widget/webhook", method="OPTIONS", headers={**preflight, "Origin": SITE}
    )
    assert status == 204 and headers.get("access-control-allow-origin") == SITE
    assert "access-control-allow-credentials" not in headers
    for origin in ("https://evil.example", "null"):
        _, _, headers = request(
            f"{stack.rasa_url}/webhooks/widget/webhook", method="OPTIONS", headers={**preflight, "Origin": origin}
        )
        assert "access-control-allow-origin" not in headers
    token = stack.secrets["RASA_API_TOKEN"]
    for path in (f"/status?token={token}", "/webhooks/rest/webhook", "/version"):
        _, _, headers = request(stack.rasa_url + path, method="OPTIONS", headers={**preflight, "Origin": SITE})
        assert "access-control-allow-origin" not in headers, path


@pytest.mark.parametrize(
    "program, secrets",
    [
        ("rasa", {"RASA_API_TOKEN": "CHANGE_ME"}),
        ("rasa", {"RASA_API_TOKEN": ""}),
        ("actions", {"ACTION_SERVER_TOKEN": "CHANGE_ME"}),
        ("staff", {"PRIVACY_HASH_KEY": "CHANGE_ME"}),
        ("actions", {"PRIVACY_HASH_KEY": ""}),
        ("staff", {"CALLBACK_KEY": "CHANGE_ME"}),
    ],
)
def test_production_refuses_missing_or_placeholder_secrets(program, secrets):
    env = {
        **os.environ,
        "SHEBAO_ENV": "production",
        "RASA_API_TOKEN": "r" * 32,
        "ACTION_SERVER_TOKEN": "a" * 32,
        "PRIVACY_HASH_KEY": "k" * 32,
        "CALLBACK_KEY": "c" * 32,
        **secrets,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.server.logging_json", program, *(["run"] if program == "rasa" else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "refusing to start" in done.stderr and "placeholder" in done.stderr


@pytest.mark.parametrize("method, path", ADMIN + [("GET", "/version"), ("GET", "/")])
def test_the_production_template_refuses_the_admin_paths(proxy, stack, method, path):
    token = stack.secrets["RASA_API_TOKEN"]
    body = {} if method in ("POST", "PUT") else None
    status, _, _ = request(
        f"{proxy.public_url}{path}?token={token}", body, method=method, headers=client("203.0.113.9")
    )
    assert status in (403, 404), (path, status)


def test_the_production_template_passes_the_widget(proxy):
    status, body, _ = request(
        f"{proxy.public_url}/webhooks/widget/webhook",
        {"sender": "proxy-check-01", "message": "灵活就业怎么交社保"},
        headers=client("203.0.113.8"),
    )
    assert status == 200 and b"text" in body
