"""Personal data never reaches PostgreSQL, the project tables or the logs; retention deletes."""

import os
import subprocess
import sys
import time

import pytest
from deploy_kit import get, post

from bench.checks import unmasked
from deploy.local import ROOT

pytestmark = pytest.mark.slow

ID, PHONE, CARD, NAME, NAME_EN = (
    "110101199003074518",
    "13912345678",
    "6222021234567890128",
    "欧阳锋",
    "Wilhelmina Stroud",
)


def test_conversation_full_of_personal_numbers_is_stored_masked(deployment, chat):
    talk = chat(deployment.public_url, *deployment.rasa_urls, sender=PHONE)  # the sender ID is a phone too
    for text in (
        f"我叫{NAME}，身份证{ID}，我在深圳",
        f"手机{PHONE}，灵活就业养老保险每个月交多少钱",
        f"银行卡{CARD}扣社保失败怎么办",
        f"my name is {NAME_EN}, phone 139 8765 4321, what about Shanghai?",
        "我要转人工",
    ):
        talk.say(text)
    stored = deployment.postgres.query(
        "shebao_tracker",
        "SELECT count(*), count(DISTINCT sender_id) FROM events WHERE sender_id LIKE %s",
        ("[PHONE:%",),
    )
    assert stored[0][0] > 10 and stored[0][1] == 1  # the conversation is there, under its masked ID
    handoffs = deployment.postgres.query(
        "shebao_app", "SELECT conversation_id FROM app_handoff_requests WHERE conversation_id LIKE %s", ("[PHONE:%",)
    )
    assert handoffs  # recorded by the action server under the masked conversation ID
    assert unmasked(deployment, [ID, PHONE, CARD, NAME, NAME_EN, "139 8765 4321", "13987654321"]) == []


def test_the_api_does_not_find_a_conversation_by_the_raw_number(deployment, monkeypatch):
    from bot.privacy import storage_key

    base, token = deployment.rasa_urls[0], deployment.api_token
    # this test's own turn in the phone-number conversation (another test may have begun it, or not)
    said = post(f"{base}/webhooks/rest/webhook", {"sender": PHONE, "message": f"身份证{ID}，灵活就业怎么交"})
    assert said[0] == 200
    assert get(f"{base}/conversations/{PHONE}/tracker?token={token}")[0] == 404
    monkeypatch.setenv("PRIVACY_HASH_KEY", deployment.secrets["PRIVACY_HASH_KEY"])  # the deployment's tags
    status, body = get(f"{base}/conversations/{storage_key(PHONE)}/tracker?token={token}")
    assert status == 200 and b"[ID:" in body
    assert all(secret.encode() not in body for secret in (ID, CARD, NAME_EN, PHONE))


def test_retention_deletes_old_conversations_and_rows(deployment, chat):
    recent = chat()
    recent.say("社保断缴了怎么补")
    old_ts = time.time() - 40 * 86400
    deployment.postgres.query(
        "shebao_tracker",
        "INSERT INTO events (sender_id, type_name, timestamp, data) "
        "VALUES ('retention-old', 'user', %s, '{}') RETURNING id",
        (old_ts,),
    )
    deployment.postgres.query(
        "shebao_app",
        "INSERT INTO app_feedback (conversation_id, channel, helpful, created_at) "
        "VALUES ('retention-old', 'rest', true, now() - interval '40 days') RETURNING id",
    )
    env = {**os.environ, **deployment.env()}
    result = subprocess.run(
        [sys.executable, "-m", "bot.store.retention", "--days", "30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "deleted 1 conversation" in result.stdout and "app_feedback 1" in result.stdout
    senders = {row[0] for row in deployment.postgres.query("shebao_tracker", "SELECT DISTINCT sender_id FROM events")}
    assert "retention-old" not in senders and recent.sender in senders
