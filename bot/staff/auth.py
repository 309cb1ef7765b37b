"""Staff accounts, passwords, sessions and login rate limiting for the console.

- Passwords: hashlib.scrypt (n=2**14, r=8, p=1) with a 16-byte random salt, stored as
  'scrypt$n$r$p$salt$hash' (base64); compared in constant time.
- Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database keeps only
  its SHA-256, the account, a per-session CSRF token and two expiry times (idle and absolute).
- Failed sign-ins are counted in the database (several console processes share the counts) on
  three keys: the account and the client address together, the account, and the address. The
  address is the client's own: behind a reverse proxy it comes from X-Forwarded-For, believed
  only from TRUSTED_PROXIES (bot.server.limits.client_address). Each attempt is counted *before*
  its password is checked, with the check of its keys' waits in the same transaction, so 30
  parallel attempts check at most the allowed number of passwords, not 30.
- An account is locked only for the address that failed on it (STAFF_LOGIN_MAX_FAILURES in
  STAFF_LOGIN_WINDOW_MINUTES); an account failing from many addresses
  (STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT) and an address failing on many accounts
  (STAFF_LOGIN_MAX_FAILURES_PER_CLIENT) are slowed down instead: each further attempt must wait
  1, 2, 4 … up to 30 s after the last (429 with Retry-After until then). Made-up names from one
  address thus never lock out the real staff behind the same proxy, and guesses spread over many
  addresses still meet the account's delay. Each lock and slow-down is written to app_staff_audit
  and logged (logger bot.staff.audit).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, or_, select, update

import settings
from bot.privacy import mask_text
from bot.store.db import session
from bot.store.models import StaffAccount, utcnow
from bot.store.staff import LoginCounter, StaffAudit, StaffSession

audit_log = logging.getLogger("bot.staff.audit")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 256
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True)
class Settings:
    idle_minutes: int
    absolute_hours: int
    max_failures: int  # per account and address within the window: then locked for that pair only
    max_failures_per_account: int  # from any address: then each attempt waits longer
    max_failures_per_client: int  # on any account: then each attempt waits longer
    window_minutes: int
    secure_cookie: bool

    @classmethod
    def from_env(cls) -> "Settings":
        config = settings.get()
        return cls(
            idle_minutes=config.staff_session_idle_minutes,
            absolute_hours=config.staff_session_max_hours,
            max_failures=config.staff_login_max_failures,
            max_failures_per_account=config.staff_login_max_failures_per_account,
            max_failures_per_client=config.staff_login_max_failures_per_client,
            window_minutes=config.staff_login_window_minutes,
            secure_cookie=config.staff_cookie_secure,
        )


# ---------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# A hash to verify against when the account does not exist, so timing does not reveal accounts.
_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def validate_username(name: str) -> str:
    name = (name or "").strip()
    if not (2 <= len(name) <= 64) or not set(name) <= USERNAME_CHARS:
        raise ValueError("user names are 2–64 characters: letters, digits, '.', '_' or '-'")
    return name


def validate_password(password: str) -> str:
    if not isinstance(password, str) or not (MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS):
        raise ValueError(f"passwords are {MIN_PASSWORD_CHARS}–{MAX_PASSWORD_CHARS} characters")
    return password


def create_user(username: str, password: str, display_name: str = None, reset: bool = False) -> str:
    """Create an account (or with reset=True set a new password); returns 'created' or 'updated'."""
    username = validate_username(username)
    validate_password(password)
    display = (display_name or username).strip()[:128] or username
    with session() as s:
        account = s.scalars(select(StaffAccount).where(StaffAccount.username == username)).first()
        if account is not None:
            if not reset:
                raise ValueError(f"user {username!r} exists (use --reset to set a new password)")
            account.password_hash = hash_password(password)
            account.active = True
            if display_name:
                account.display_name = display
            s.execute(delete(StaffSession).where(StaffSession.username == username))
            return "updated"
        s.add(StaffAccount(username=username, display_name=display, password_hash=hash_password(password), active=True))
        return "created"


def set_active(username: str, active: bool) -> bool:
    with session() as s:
        result = s.execute(update(StaffAccount).where(StaffAccount.username == username).values(active=active))
        if not active:
            s.execute(delete(StaffSession).where(StaffSession.username == username))
        return result.rowcount > 0


# ---------------------------------------------------------------- login and rate limit


@dataclass(frozen=True)
class Staff:
    username: str
    display_name: str
    csrf_token: str
    session_id: int


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"too many failed logins; retry in {retry_after} s")


MAX_DELAY_SECONDS = 30


def _delay(failures: int, free: int) -> int:
    """Seconds before the next attempt once `free` failures are used up: 1, 2, 4 … up to 30."""
    return 0 if failures < free else min(MAX_DELAY_SECONDS, 2 ** (failures - free))


def _insert_ignore(s, **values):
    if s.bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    s.execute(insert(LoginCounter).values(**values).on_conflict_do_nothing(index_elements=["key"]))


def _count(s, key: str, now: dt.datetime, window: dt.timedelta) -> tuple:
    """Count one more failure on `key` unless it must wait: (failures now, previous next_allowed_at).
    Raises RateLimited when the key must wait; the UPDATE's condition makes check and count one
    atomic step (PostgreSQL locks the row, SQLite the database, until the transaction ends)."""
    _insert_ignore(s, key=key, failures=0, window_started_at=now)
    s.execute(
        update(LoginCounter)
        .where(LoginCounter.key == key, LoginCounter.window_started_at < now - window)
        .values(failures=0, window_started_at=now, next_allowed_at=None)
    )
    previous = s.execute(select(LoginCounter.next_allowed_at).where(LoginCounter.key == key)).scalar()
    counted = s.execute(
        update(LoginCounter)
        .where(
            LoginCounter.key == key,
            or_(LoginCounter.next_allowed_at.is_(None), LoginCounter.next_allowed_at <= now),
        )
        .values(failures=LoginCounter.failures + 1)
    ).rowcount
    row = s.execute(
        select(LoginCounter.failures, LoginCounter.next_allowed_at, LoginCounter.window_started_at).where(
            LoginCounter.key == key
        )
    ).one()
    if not counted:
        raise RateLimited(max(1, int((row.next_allowed_at - now).total_seconds()) + 1))
    return row.failures, previous, row.window_started_at


def _attempt_name(username: str) -> str:
    """The typed user name as the counters and the audit record it: masked (people type their
    phone number or e-mail address into the name field), so personal data never reaches a table."""
    return mask_text((username or "").strip()[:64])[:64]


def _audit(s, event: str, username: str, client: str, detail: str) -> None:
    s.add(StaffAudit(at=utcnow(), event=event, username=username, client=client, detail=detail))
    audit_log.warning("staff sign-in: %s (account %s, address %s): %s", event, username, client, detail)


def _reserve(username: str, client: str, settings: Settings) -> dict:
    """Count this attempt as a failure before its password is checked (one transaction for the
    three counters); RateLimited when the account+address is locked, or the account or the
    address must wait. Returns what `_forgive` needs to undo the count after a success."""
    now, window = utcnow(), dt.timedelta(minutes=settings.window_minutes)
    username = _attempt_name(username)
    keys = {"pair": f"pair:{username}|{client}", "account": f"account:{username}", "client": f"client:{client}"}
    undo = {}
    with session() as s:
        for kind, key in keys.items():
            failures, previous, started = _count(s, key, now, window)
            undo[key] = previous
            if kind == "pair":
                wait = (started + window - now).total_seconds() if failures >= settings.max_failures else 0
                event = "locked"
            else:
                free = settings.max_failures_per_account if kind == "account" else settings.max_failures_per_client
                wait, event = _delay(failures, free), "slowed"
            if wait:
                s.execute(
                    update(LoginCounter)
                    .where(LoginCounter.key == key)
                    .values(next_allowed_at=now + dt.timedelta(seconds=wait))
                )
            if wait and (kind == "pair" or failures == free):
                _audit(s, f"{kind}_{event}", username, client, f"{failures} failed sign-ins; next in {wait:.0f} s")
    return undo


def _forgive(username: str, client: str, undo: dict) -> None:
    """A success: the account+address starts afresh, and the attempt no longer counts against
    the account or the address (their delays are what they were before it)."""
    username = _attempt_name(username)
    with session() as s:
        s.execute(delete(LoginCounter).where(LoginCounter.key == f"pair:{username}|{client}"))
        for key in (f"account:{username}", f"client:{client}"):
            s.execute(
                update(LoginCounter)
                .where(LoginCounter.key == key, LoginCounter.failures > 0)
                .values(failures=LoginCounter.failures - 1, next_allowed_at=undo.get(key))
            )


def login(username: str, password: str, client: str, settings: Settings) -> Optional[tuple]:
    """(cookie token, Staff) on success, None on a wrong name or password; may raise RateLimited."""
    username = (username or "").strip()[:64]
    client = (client or "unknown")[:64]
    undo = _reserve(username, client, settings)
    with session() as s:
        account = s.execute(
            select(
                StaffAccount.username, StaffAccount.display_name, StaffAccount.password_hash, StaffAccount.active
            ).where(StaffAccount.username == username)
        ).first()
    stored = account.password_hash if account is not None else _dummy_hash()
    ok = verify_password((password or "")[:MAX_PASSWORD_CHARS], stored) and account is not None and account.active
    if ok:
        _forgive(username, client, undo)
    if not ok:
        return None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    with session() as s:
        row = StaffSession(
            token_hash=_token_hash(token),
            username=account.username,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=settings.absolute_hours),
        )
        s.add(row)
        s.flush()
        staff = Staff(account.username, account.display_name, csrf, row.id)
        s.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    return token, staff


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def current_staff(token: Optional[str], settings: Settings) -> Optional[Staff]:
    """The signed-in staff member for a cookie token, or None (missing, unknown or expired)."""
    if not token or len(token) > 200:
        return None
    now = utcnow()
    with session() as s:
        row = s.scalars(select(StaffSession).where(StaffSession.token_hash == _token_hash(token))).first()
        if row is None:
            return None
        idle_limit = row.last_seen_at + dt.timedelta(minutes=settings.idle_minutes)
        if now >= row.expires_at or now >= idle_limit:
            s.delete(row)
            return None
        account = s.scalars(select(StaffAccount).where(StaffAccount.username == row.username)).first()
        if account is None or not account.active:
            s.delete(row)
            return None
        if (now - row.last_seen_at).total_seconds() > 30:
            row.last_seen_at = now
        staff = Staff(account.username, account.display_name, row.csrf_token, row.id)
    return staff


def logout(token: Optional[str]) -> None:
    if token:
        with session() as s:
            s.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))


def csrf_ok(staff: Staff, supplied: Optional[str]) -> bool:
    return bool(supplied) and hmac.compare_digest(staff.csrf_token.encode(), str(supplied).encode("utf-8", "replace"))


def display_names() -> dict:
    """user name -> display name of every account (hand-off pages show who took what)."""
    with session() as s:
        return dict(s.execute(select(StaffAccount.username, StaffAccount.display_name)).all())
