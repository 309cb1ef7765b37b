"""`make bench`: load, fault and bad-input runs on this machine, loopback only.

    python -m bench [--concurrency 16] [--duration 60] [--crowd 200] [--crowd-duration 60]
                    [--rasa 2] [--actions 2] [--skip-faults] [--quick]

1. Against Rasa's starter bot, in one run, with `make run`'s stores (SQLite tracker store,
   in-memory lock store): the starter (`rasa init`, bench.starter) and this assistant as
   `make run` starts it (deploy.run.Stack), each driven by CONCURRENCY clients sending turn after
   turn with no pause. Prints p50 and throughput side by side with the targets of issue 10:
   p50 at most 1.2 × the starter's, throughput at least 0.9 ×.
2. A crowd: CROWD clients (200) for CROWD_DURATION seconds (60) on the same single instance, with
   a short pause between turns: no 5xx and no apology while every service is healthy.
3. The production set-up (deploy.local: PostgreSQL tracker store, Redis lock store, N Rasa
   servers, M action servers, nginx) in build/bench/deploy: the same closed loop through nginx,
   reported beside the single instance.
4. Faults under load through nginx (bench.faults), unless --skip-faults.
5. The whole bad-input corpus (bench.badinput), then a search for the planted personal data in
   PostgreSQL, the project tables and every log.
6. bench.staff_search (the staff console's search benchmark).

Prints every number and writes them to build/bench/results.json. Exit status 1 when a hard
criterion fails (errors, 5xx, apologies with every service healthy, personal data found, a
server died). The ratios against the starter are reported, not enforced: on a shared machine
they move with the load of other work.
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

from bench import bad_requests, badinput, checks, faults
from bench.load import run_load
from deploy.local import DEFAULT_MODEL, ROOT, Deployment
from deploy.processes import LOAD_CLIENT_LIMITS

OUT = ROOT / "build" / "bench"
TARGET_P50_RATIO, TARGET_RPS_RATIO = 1.2, 0.9


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def closed_loop(url: str, concurrency: int, duration: float, label: str, require_text: bool = True):
    return asyncio.run(
        run_load(
            url,
            users=concurrency,
            duration=duration,
            think=(0.0, 0.0),
            label=label,
            require_text=require_text,
            ramp=1.0,
        )
    )


def versus_starter(args, results) -> None:
    from bench.starter import StarterBot
    from deploy.processes import free_port
    from deploy.run import Stack

    starter = StarterBot(OUT / "logs")
    try:
        say("training Rasa's starter bot (rasa init --no-prompt) …")
        results["starter_train_s"] = round(starter.train(), 1)
        starter.start()
        load = closed_loop(
            starter.url, args.concurrency, args.duration, "Rasa starter bot, make run's stores", require_text=False
        )
        results["load"].append(load.as_dict())
        say("  " + load.line())
    finally:
        starter.stop()
    run_dir = OUT / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    ports = {"rasa": free_port(), "action": free_port(), "staff": free_port()}
    stack = Stack(run_dir, model=args.model, ports=ports, extra_env=LOAD_CLIENT_LIMITS)
    say("starting the assistant as `make run` does …")
    stack.up()
    try:
        ours = closed_loop(stack.rasa_url, args.concurrency, args.duration, "shebao, make run (1 instance)")
        results["load"].append(ours.as_dict())
        say("  " + ours.line())
        base = results["load"][-2]
        ratio = {
            "p50": round(ours.p50_ms / base["p50_ms"], 2) if base["p50_ms"] else None,
            "throughput": round(ours.throughput_rps / base["throughput_rps"], 2) if base["throughput_rps"] else None,
        }
        results["versus_starter"] = {
            **ratio,
            "concurrency": args.concurrency,
            "targets": {"p50": f"<= {TARGET_P50_RATIO}", "throughput": f">= {TARGET_RPS_RATIO}"},
        }
        say(
            f"  versus the starter at concurrency {args.concurrency}: p50 {ratio['p50']}× (target ≤ {TARGET_P50_RATIO}), "  # noqa: E501
            f"throughput {ratio['throughput']}× (target ≥ {TARGET_RPS_RATIO})"
        )
        if ours.errors:
            results["failures"].append(f"make run: {ours.errors} errors, e.g. {ours.error_samples[:3]}")
        if args.crowd:
            say(f"a crowd of {args.crowd} clients for {args.crowd_duration:.0f}s on the same instance …")
            crowd = asyncio.run(
                run_load(
                    stack.rasa_url,
                    users=args.crowd,
                    duration=args.crowd_duration,
                    think=(0.2, 1.0),
                    label=f"shebao, make run, {args.crowd} clients",
                    ramp=5.0,
                    timeout=120,
                )
            )
            results["crowd"] = crowd.as_dict()
            say("  " + crowd.line())
            if crowd.errors or crowd.degraded:
                results["failures"].append(
                    f"crowd: {crowd.errors} errors, {crowd.degraded} apologies, "
                    f"statuses {crowd.status_counts}, e.g. {crowd.error_samples[:3]}"
                )
        if stack.dead():
            results["failures"].append(f"died under load: {stack.dead()}")
    finally:
        stack.down()


def production(args, results) -> None:
    state_dir = OUT / "deploy"
    shutil.rmtree(state_dir, ignore_errors=True)
    deployment = Deployment(
        state_dir, rasa=args.rasa, actions=args.actions, model=args.model, extra_env=LOAD_CLIENT_LIMITS
    )
    say(f"starting the production set-up: {args.rasa} Rasa, {args.actions} action servers, nginx, PostgreSQL, Redis …")
    deployment.up()
    try:
        for label, url in (
            ("production, 1 Rasa instance (direct)", deployment.rasa_urls[0]),
            (f"production, {args.rasa} Rasa instances (nginx)", deployment.public_url),
        ):
            load = closed_loop(url, args.concurrency, args.duration, label)
            results["load"].append(load.as_dict())
            say("  " + load.line())
            if load.errors or load.degraded:
                results["failures"].append(f"{label}: {load.errors} errors, {load.degraded} apologies")
        if not args.skip_faults:
            say("faults under load …")
            for fault in faults.run_all(deployment, users=args.fault_users, duration=args.fault_duration):
                results["faults"].append(fault.as_dict())
                say("  " + fault.line())
                if fault.load.errors:
                    results["failures"].append(
                        f"fault {fault.name}: {fault.load.errors} errors, e.g. {fault.load.error_samples[:3]}"
                    )
        requests = bad_requests.corpus(deployment.api_token)
        say(f"bad input: {len(requests)} requests …")
        bad = asyncio.run(badinput.send_all(deployment.public_url, requests, concurrency=8))
        results["bad_input"] = bad.as_dict()
        say("  " + bad.line())
        for error in bad.server_errors[:20]:
            say(f"    5xx: {error}")
        if bad.server_errors or bad.transport_errors:
            results["failures"].append(
                f"bad input: {len(bad.server_errors)} 5xx, {len(bad.transport_errors)} transport errors"
            )
        dead = [
            p.name for p in deployment.rasa + deployment.actions + [deployment.nginx, deployment.redis] if not p.alive()
        ]
        if dead:
            results["failures"].append(f"died: {dead}")
        found = checks.unmasked(deployment, bad_requests.PII_NEEDLES)
        results["unmasked"] = found
        say(f"  personal data found unmasked: {found or 'none'}")
        if found:
            results["failures"].append(f"unmasked personal data: {found}")
    finally:
        deployment.down()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="load, fault and bad-input benchmarks (loopback only)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients of the closed-loop runs")
    parser.add_argument("--duration", type=float, default=60, help="seconds per closed-loop run")
    parser.add_argument("--crowd", type=int, default=200, help="clients of the crowd run (0: none)")
    parser.add_argument("--crowd-duration", type=float, default=60)
    parser.add_argument("--rasa", type=int, default=2, help="Rasa instances behind nginx")
    parser.add_argument("--actions", type=int, default=2)
    parser.add_argument("--fault-users", type=int, default=20)
    parser.add_argument("--fault-duration", type=float, default=45)
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--skip-production", action="store_true")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--quick", action="store_true", help="20 s runs, a crowd of 50 (a smoke test of the bench)")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.crowd, args.crowd_duration, args.fault_users, args.fault_duration = 20, 50, 20, 8, 30
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "settings": vars(args), "load": [], "faults": [], "failures": []}
    started = time.monotonic()
    versus_starter(args, results)
    if not args.skip_production:
        production(args, results)
    if importlib.util.find_spec("bench.staff_search"):  # the staff console's search benchmark
        from bench import staff_search

        try:
            results["staff_search_exit"] = staff_search.main([])
        except Exception as error:  # its failure is reported, not fatal to these numbers
            results["failures"].append(f"bench.staff_search: {type(error).__name__}: {error}")
    results["total_s"] = round(time.monotonic() - started, 1)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    say()
    say(
        f"summary ({results['machine']['cpus']} CPUs, load average {results['machine']['load_average_at_start'][0]:.1f} "  # noqa: E501
        f"at the start; closed loop, {args.concurrency} clients × {args.duration:.0f}s):"
    )
    for load in results["load"]:
        say(
            f"  {load['label']:44} {load['throughput_rps']:6.1f} turns/s  p50 {load['p50_ms']:6.0f} ms  "
            f"p95 {load['p95_ms']:6.0f} ms  p99 {load['p99_ms']:6.0f} ms  errors {load['errors']}  "
            f"apologies {load['degraded']}"
        )
    if "versus_starter" in results:
        v = results["versus_starter"]
        say(
            f"  versus the starter: p50 {v['p50']}× (≤ {TARGET_P50_RATIO}), throughput {v['throughput']}× "
            f"(≥ {TARGET_RPS_RATIO})"
        )
    if "crowd" in results:
        c = results["crowd"]
        say(
            f"  crowd: {c['users']} clients × {c['duration_s']:.0f}s: {c['requests']} turns, errors {c['errors']}, "
            f"apologies {c['degraded']}, statuses {c['status_counts']}, p50 {c['p50_ms']:.0f} ms"
        )
    for fault in results["faults"]:
        say(
            f"  fault: {fault['name']:36} errors {fault['load']['errors']}  apologies {fault['load']['degraded']}  "
            f"recovery {fault['recovery_s']}s"
        )
    if "bad_input" in results:
        say(
            f"  bad input: {results['bad_input']['sent']} requests, {len(results['bad_input']['server_errors'])} 5xx; "
            f"unmasked personal data: {len(results.get('unmasked', []))}"
        )
    say(f"  results: {OUT / 'results.json'}  ({results['total_s']:.0f}s)")
    for failure in results["failures"]:
        say(f"FAILED: {failure}")
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
