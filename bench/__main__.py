"""`make bench`: the full load, fault and bad-input runs, on this machine, loopback only.

    python -m bench [--users 50] [--duration 120] [--rasa 2] [--actions 2] [--skip-starter] [--quick]

1. Baseline: Rasa's starter bot (`rasa init --no-prompt`, trained in a temporary folder), one
   `rasa run`, the same load.
2. The production set-up (deploy.local: PostgreSQL, Redis, N Rasa servers, M action servers,
   nginx) in build/bench/deploy: the same load against one Rasa instance directly, then against
   all N through nginx.
3. Faults under load through nginx (bench.faults): an instance killed, PostgreSQL and Redis
   killed and restarted, all action servers stopped and restarted.
4. The whole bad-input corpus (bench.badinput, > 1,000 requests, every public endpoint), then a
   search for the planted personal data in PostgreSQL, the project tables and every log.
5. bench.staff_search (the staff console's search benchmark), when present.

Prints every number and writes them to build/bench/results.json. Exit status 1 when a hard
criterion fails (any load error, any 5xx in the corpus, personal data found, a server died).
"""
import argparse
import asyncio
import importlib.util
import json
import os
import platform
import shutil
import sys
import time

from bench import badinput, checks, faults
from bench.load import run_load
from deploy.local import DEFAULT_MODEL, ROOT, Deployment

OUT = ROOT / "build" / "bench"


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="load, fault and bad-input benchmarks (loopback only)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds per load run")
    parser.add_argument("--rasa", type=int, default=2, help="Rasa instances behind nginx")
    parser.add_argument("--actions", type=int, default=2)
    parser.add_argument("--fault-users", type=int, default=20)
    parser.add_argument("--fault-duration", type=float, default=45)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--skip-starter", action="store_true", help="no baseline run")
    parser.add_argument("--quick", action="store_true", help="10 users, 20 s runs (a smoke test of the bench)")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.duration, args.fault_users, args.fault_duration = 10, 20, 8, 30
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "settings": vars(args), "load": [], "faults": [], "failures": []}
    started = time.monotonic()

    # 1. the starter bot
    if not args.skip_starter:
        from bench.starter import StarterBot

        starter = StarterBot(OUT / "logs")
        try:
            say("training Rasa's starter bot (rasa init --no-prompt) …")
            results["starter_train_s"] = round(starter.train(), 1)
            starter.start()
            say(f"  trained in {results['starter_train_s']:.0f}s; load …")
            load = asyncio.run(run_load(starter.url, users=args.users, duration=args.duration, require_text=False,
                                        label="Rasa starter bot, 1 instance"))
            results["load"].append(load.as_dict())
            say("  " + load.line())
        finally:
            starter.stop()

    # 2. the production set-up
    state_dir = OUT / "deploy"
    shutil.rmtree(state_dir, ignore_errors=True)
    deployment = Deployment(state_dir, rasa=args.rasa, actions=args.actions, model=args.model)
    say(f"starting the production set-up: {args.rasa} Rasa, {args.actions} action servers, nginx, PostgreSQL, Redis …")
    deployment.up()
    try:
        runs = [("shebao, 1 Rasa instance (direct)", deployment.rasa_urls[0]),
                (f"shebao, {args.rasa} Rasa instances (nginx)", deployment.public_url)]
        for label, url in runs:
            load = asyncio.run(run_load(url, users=args.users, duration=args.duration, label=label))
            results["load"].append(load.as_dict())
            say(load.line())
            if load.errors:
                results["failures"].append(f"{label}: {load.errors} errors, e.g. {load.error_samples[:3]}")

        # 3. faults under load
        say("faults under load …")
        for fault in faults.run_all(deployment, users=args.fault_users, duration=args.fault_duration):
            results["faults"].append(fault.as_dict())
            say("  " + fault.line())
            if fault.load.errors:
                results["failures"].append(f"fault {fault.name}: {fault.load.errors} errors, "
                                           f"e.g. {fault.load.error_samples[:3]}")

        # 4. bad input at volume
        requests = badinput.corpus(deployment.api_token)
        say(f"bad input: {len(requests)} requests …")
        bad = asyncio.run(badinput.send_all(deployment.public_url, requests, concurrency=8))
        results["bad_input"] = bad.as_dict()
        say("  " + bad.line())
        for error in bad.server_errors[:20]:
            say(f"    5xx: {error}")
        if bad.not_implemented:
            say(f"    501 (unsupported Transfer-Encoding, as HTTP prescribes): {len(bad.not_implemented)}")
        if bad.server_errors or bad.transport_errors:
            results["failures"].append(f"bad input: {len(bad.server_errors)} 5xx, "
                                       f"{len(bad.transport_errors)} transport errors")
        dead = [p.name for p in deployment.rasa + deployment.actions + [deployment.nginx, deployment.redis]
                if not p.alive()]
        if dead:
            results["failures"].append(f"died during the corpus: {dead}")
        found = checks.unmasked(deployment, badinput.PII_NEEDLES)
        results["unmasked"] = found
        say(f"  personal data found unmasked: {found or 'none'}")
        if found:
            results["failures"].append(f"unmasked personal data: {found}")
    finally:
        deployment.down()

    # 5. the staff console's search benchmark (another part of the project)
    if importlib.util.find_spec("bench.staff_search"):
        say("bench.staff_search …")
        try:
            from bench import staff_search

            results["staff_search_exit"] = staff_search.main([])
        except Exception as error:  # its failure is reported, not fatal to these numbers
            results["failures"].append(f"bench.staff_search: {type(error).__name__}: {error}")

    results["total_s"] = round(time.monotonic() - started, 1)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    say()
    say(f"summary ({results['machine']['cpus']} CPUs, {args.users} users × {args.duration:.0f}s per load run):")
    for load in results["load"]:
        say(f"  {load['label']:38} {load['throughput_rps']:6.1f} req/s  p50 {load['p50_ms']:6.0f} ms  "
            f"p95 {load['p95_ms']:6.0f} ms  p99 {load['p99_ms']:6.0f} ms  errors {load['errors']}")
    for fault in results["faults"]:
        say(f"  fault: {fault['name']:36} errors {fault['load']['errors']}  apologies {fault['load']['degraded']}  "
            f"recovery {fault['recovery_s']}s")
    if "bad_input" in results:
        say(f"  bad input: {results['bad_input']['sent']} requests, {len(results['bad_input']['server_errors'])} 5xx; "
            f"unmasked personal data: {len(results.get('unmasked', []))}")
    say(f"  results: {OUT / 'results.json'}  ({results['total_s']:.0f}s)")
    for failure in results["failures"]:
        say(f"FAILED: {failure}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
