"""Structured JSON logs with personal data masked, for the Rasa server and the action server.

One JSON object per line on stderr: ts, level, logger, message, the structured fields of Rasa's
structlog events and Sanic's access lines, and the traceback as text. Every string passes
through bot.privacy.mask_text first, so a phone number in a user's message never reaches a log
file (Rasa logs the message text when a turn fails; SQL errors quote their parameters).

Rasa and rasa-sdk install their own coloured console handler and Sanic its own handlers at
start-up; the launcher below switches those off so the JSON handler is the only one:

    python -m bot.server.logging_json rasa run -m models/current.tar.gz --endpoints ...
    python -m bot.server.logging_json actions --port 5055          # bot.server.action_server
    python -m bot.server.logging_json staff --port 5080            # the staff console (bot.staff serve)

LOG_LEVEL (default INFO) sets the level; INSTANCE_NAME is added to every line when set; for
`rasa run`, RASA_API_TOKEN (when set) becomes --auth-token without appearing on the command line.
In production (SHEBAO_ENV=production) a program whose secrets are missing or placeholders does
not start (bot.server.production).
"""

import datetime as dt
import json
import logging
import os
import re
import sys
import traceback

import settings
from bot.privacy import mask_text

# Secrets and IDs in URLs: API tokens and WeChat signatures in query strings, conversation IDs
# (possibly a phone number, possibly percent-encoded) in Rasa API paths.
_URL_SECRETS = re.compile(r"([?&](?:token|access_token|signature|msg_signature|echostr|nonce)=)[^&\s'\"]+")
_CONVERSATION_PATH = re.compile(r"(/conversations/)[^/\s'\"?]+")


def scrub(text: str) -> str:
    """mask_text plus the URL rules above."""
    if not isinstance(text, str):
        return text
    if "=" in text:
        text = _URL_SECRETS.sub(r"\1***", text)
    if "/conversations/" in text:
        text = _CONVERSATION_PATH.sub(r"\1<id>", text)
    return mask_text(text)


# Attributes every LogRecord has; anything else on a record was passed as `extra` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class MaskingFilter(logging.Filter):
    """Masks the rendered message of every record (attach to handlers of any format)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = scrub(message), ()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON; structlog's JSON messages are merged, not nested."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:
            message = f"{record.msg!r} {record.args!r}"
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
        }
        if settings.get().instance_name:
            entry["instance"] = settings.get().instance_name
        structured = _structlog_fields(message)
        if structured is not None:
            entry["message"] = str(structured.pop("event", ""))
            structured.pop("level", None)
            entry.update({key: value for key, value in structured.items() if key not in entry})
        else:
            entry["message"] = message
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))[-8000:]
        elif record.exc_text:
            entry["exception"] = record.exc_text[-8000:]
        if record.stack_info:
            entry["stack"] = record.stack_info[-4000:]
        return json.dumps(_scrub_value(entry), ensure_ascii=False, default=str)


def _scrub_value(value, key=None):
    if key in ("ts", "level", "logger"):
        return value
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrub_value(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_value(v) for v in value]
    return value


def _structlog_fields(message: str):
    if not (message.startswith("{") and message.endswith("}")):
        return None
    try:
        value = json.loads(message)
    except ValueError:
        return None
    return value if isinstance(value, dict) and "event" in value else None


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(MaskingFilter())
    return handler


def configure(level: str = None, stream=None) -> logging.Handler:
    """Make a masking JSON handler the root logger's only handler; returns it."""
    level = (level or settings.get().log_level).upper()
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    handler = json_handler(stream)
    root.addHandler(handler)
    root.setLevel(level)
    # Loggers that stop propagation without a handler of their own (Rasa sets propagate=False on
    # Sanic's loggers) would fall back to Python's plain-text "last resort" handler.
    logging.lastResort = handler
    logging.captureWarnings(True)  # library deprecation warnings become JSON lines too
    return handler


def _silence_other_handlers() -> None:
    """Stop coloredlogs (Rasa, rasa-sdk) and Sanic from adding plain-text handlers of their own."""
    import coloredlogs
    import sanic.log

    coloredlogs.install = lambda *args, **kwargs: None
    try:  # jieba writes to stderr through a handler of its own
        import jieba

        jieba.default_logger.handlers.clear()
        jieba.default_logger.setLevel(logging.getLogger().level)
    except ImportError:
        pass
    for logger in sanic.log.LOGGING_CONFIG_DEFAULTS["loggers"].values():
        logger["handlers"] = []
        logger["propagate"] = True
    os.environ.setdefault("FORCE_JSON_LOGGING", "1")  # Rasa's structlog renders JSON, merged above


PROGRAMS = ("rasa", "rasa_sdk", "actions", "staff")


def main(argv=None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in PROGRAMS:
        raise SystemExit(f"usage: python -m bot.server.logging_json ({'|'.join(PROGRAMS)}) ARGS...")
    program, args = argv[0], argv[1:]
    from bot.server import production

    production.refuse_unsafe({"rasa": "rasa", "staff": "staff"}.get(program, "actions"))
    if (
        program == "rasa"
        and args[:1] == ["run"]
        and settings.get().rasa_api_token
        and not any(a.startswith("--auth-token") for a in args)
    ):
        # The HTTP API token comes from the environment, so it never shows in `ps`; one argument
        # with "=", since a generated token may begin with "-".
        args += [f"--auth-token={settings.get().rasa_api_token}"]
    configure()
    _silence_other_handlers()
    sys.argv = [program] + args
    if program == "rasa":
        from rasa.__main__ import main as rasa_main

        rasa_main()
    elif program == "rasa_sdk":
        from rasa_sdk.__main__ import main as sdk_main

        sdk_main()
    elif program == "actions":
        from bot.server.action_server import main as actions_main

        actions_main(args)
    else:
        from bot.staff.cli import main as staff_main

        staff_main(["serve"] + args)


if __name__ == "__main__":
    main()
