"""python -m bot.staff serve | lookup | create-user | export-unanswered."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import textwrap

import settings


def _lookup(args) -> int:
    from bot.staff import cards
    from knowledge import search
    from presentation.wording import msg

    try:
        results = search.search(
            args.query,
            region=args.region,
            topic=args.topic,
            insurance_type=args.insurance_type,
            scheme=args.scheme,
            limit=args.limit,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print(f"{msg('staff_cli_no_results', 'zh')} ({msg('staff_cli_no_results', 'en')})")
        return 1
    for i, r in enumerate(results, 1):
        title = r.title_en if args.lang == "en" and r.title_en else r.title
        print(f"{i:>2}. [{msg('staff_cli_kind_' + r.kind, args.lang)}] {title}  ({r.kind}:{r.ref})")
        print(textwrap.indent(textwrap.shorten(r.snippet, 110, placeholder="…"), "      "))
    if args.no_card:
        return 0
    top = results[0]
    card = cards.open_card(f"{top.kind}:{top.ref}", args.region or top.region_id, args.lang)
    if card:
        print("\n" + "─" * 60)
        print(card["copy_text"])
    return 0


def _create_user(args) -> int:
    from bot.staff import auth

    password = settings.get().staff_password
    if not password:
        if not sys.stdin.isatty():
            print("error: set STAFF_PASSWORD or run in a terminal to be asked for the password", file=sys.stderr)
            return 2
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    try:
        outcome = auth.create_user(args.name, password, args.display_name, reset=args.reset)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"staff account {args.name!r} {outcome}")
    return 0


def _deactivate(args) -> int:
    from bot.staff import auth

    if not auth.set_active(args.name, False):
        print(f"error: no staff account {args.name!r}", file=sys.stderr)
        return 2
    print(f"staff account {args.name!r} deactivated (its sessions are ended)")
    return 0


def _export(args) -> int:
    from bot.staff import review

    try:
        period = review.Period.parse(args.start, args.end, default_days=30)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    phrasings = review.unanswered(period)
    body = review.export_yaml(phrasings, period) if args.format == "yml" else review.export_csv(phrasings)
    if args.output in (None, "-"):
        sys.stdout.write(body)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(body)
        print(f"{len(phrasings)} phrasing(s) written to {args.output}", file=sys.stderr)
    return 0


def _serve(args) -> int:
    from bot.staff.app import serve

    serve(args.host, args.port)
    return 0


def main(argv=None) -> int:
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description="Hotline staff console")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the web console")
    serve.add_argument("--host", default=settings.get().staff_host)
    serve.add_argument("--port", type=int, default=settings.get().staff_port)
    serve.set_defaults(func=_serve)

    lookup = sub.add_parser("lookup", help="search the knowledge base from the terminal")
    lookup.add_argument("query")
    lookup.add_argument("--region")
    lookup.add_argument("--topic")
    lookup.add_argument("--insurance-type", dest="insurance_type")
    lookup.add_argument("--scheme")
    lookup.add_argument("--limit", type=int, default=5)
    lookup.add_argument("--lang", choices=("zh", "en"), default="zh")
    lookup.add_argument("--json", action="store_true", help="print the results as JSON")
    lookup.add_argument("--no-card", action="store_true", help="list only, without the first result's card")
    lookup.set_defaults(func=_lookup)

    create = sub.add_parser("create-user", help="create a staff account (password from STAFF_PASSWORD or a prompt)")
    create.add_argument("name")
    create.add_argument("--display-name", dest="display_name")
    create.add_argument("--reset", action="store_true", help="set a new password for an existing account")
    create.set_defaults(func=_create_user)

    deactivate = sub.add_parser("deactivate-user", help="block an account and end its sessions")
    deactivate.add_argument("name")
    deactivate.set_defaults(func=_deactivate)

    export = sub.add_parser("export-unanswered", help="unanswered phrasings as Rasa NLU YAML or CSV")
    export.add_argument("--from", dest="start")
    export.add_argument("--to", dest="end")
    export.add_argument("--format", choices=("yml", "csv"), default="yml")
    export.add_argument("-o", "--output")
    export.set_defaults(func=_export)

    args = parser.parse_args(argv)
    return args.func(args)
