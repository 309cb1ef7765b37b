"""Staff console search latency: p50 / p95 per query over the knowledge base.

    python -m bench.staff_search [--repeat 30] [--url sqlite:///build/knowledge.db]
    (also run by `python -m bench`, which calls main())

Measures knowledge.search.search() in process (the same call the console and the command line
make), after one warm-up query that loads jieba and the index statistics. The target is under
100 ms per query for this knowledge base; exit code 1 when any query's p95 misses it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

TARGET_MS = 100.0

QUERIES = [
    ("灵活就业 材料", {"region": "深圳"}),
    ("个体户 材料", {}),
    ("第五十八条", {}),
    ("Art. 58", {}),
    ("经办条例第三十一条", {}),
    ("深圳 医保 费率", {}),
    ("鹏城 养老 基数", {}),
    ("shen zhen pension base", {}),
    ("freelancer documents", {}),
    ("transfer pension to another city", {}),
    ("断缴 补缴 滞纳金", {}),
    ("能领多少养老金", {}),
    ("延迟退休 最低缴费年限", {}),
    ("居民医保 还是 职工医保", {}),
    ("灵活就叶 参保", {}),
    ("缴费基数", {"region": "广州", "insurance_type": "pension"}),
    ("材料", {"topic": "ask_documents", "scheme": "sole_proprietor"}),
    ("我在上海做外卖骑手，想自己交社保，要带什么材料，每个月交多少钱，能不能补缴以前断掉的几个月", {}),
]


def _percentile(values: list, pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def run(repeat: int = 30, url: str = None) -> list:
    """[(query, filters, p50 ms, p95 ms, result count)]"""
    from knowledge import search

    search.search("社保", url=url)  # warm-up: jieba dictionary and index statistics
    rows = []
    for text, filters in QUERIES:
        timings, count = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            count = len(search.search(text, url=url, limit=10, **filters))
            timings.append((time.perf_counter() - started) * 1000)
        rows.append((text, filters, _percentile(timings, 0.5), _percentile(timings, 0.95), count))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--url", help="knowledge base URL (default: KB_DATABASE_URL or build/knowledge.db)")
    args = parser.parse_args(argv)
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    from knowledge.db import database_url

    url = args.url or database_url()
    rows = run(args.repeat, url)
    print(f"staff search latency ({args.repeat} runs per query, {url.split('@')[-1]})")
    print(f"{'p50 ms':>8} {'p95 ms':>8} {'hits':>5}  query")
    for text, filters, p50, p95, count in rows:
        shown = text if len(text) <= 40 else text[:39] + "…"
        extra = " " + " ".join(f"{k}={v}" for k, v in filters.items()) if filters else ""
        print(f"{p50:8.1f} {p95:8.1f} {count:5d}  {shown}{extra}")
    all_p50 = statistics.median(r[2] for r in rows)
    worst = max(r[3] for r in rows)
    ok = worst < TARGET_MS
    print(
        f"median p50 {all_p50:.1f} ms, worst p95 {worst:.1f} ms — target < {TARGET_MS:.0f} ms: "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
