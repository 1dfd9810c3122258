"""make soak: mixed traffic at a fixed rate against the production stack (tests/stack.py:
PostgreSQL, Redis, S3, two gunicorn app servers, Varnish): pages, searches, and the
POST endpoints, for SOAK_SECONDS (600). Prints the error count, p50/p99 per endpoint,
p99 per minute (is it steady?) and the app servers' memory at start and end; writes the
figures to bench-results/soak.txt. Never run in CI.

The POST endpoints are the visit counter and, when the feedback app is installed, its
submission form: add them to ``endpoints()``.
"""

import datetime
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.stack import Endpoint, Load, Stack, percentile  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
RATE = float(os.environ.get("SOAK_RATE", "40"))  # requests per second, all endpoints
OUT = Path("bench-results/soak.txt")
QUERIES = ["dai hoi", "nghi quyet", "xay dung dang", "tay ninh", "chuyen de", "tin so 1"]


def endpoints(stack):
    return [
        Endpoint("home", "/"),
        Endpoint("unit", stack.content["unit"][1]),
        Endpoint("section", stack.content["section"][1]),
        Endpoint("article", stack.content["articles"][0][1]),
        # Readers' searches: a handful of popular queries (cached at the edge after the
        # first) and one new query per request (the database every time).
        Endpoint("search", "/search/?q=" + QUERIES[0].replace(" ", "+")),
        Endpoint("search-new", "/search/?q=dai+hoi+dang+bo", uncached=True),
        Endpoint("counter-post", "/counter/", method="POST", body=lambda n: {"page": ""}),
    ]


def memory(stack):
    return {server.name: server.memory_kb() for server in (stack.a, stack.b)}


def main():
    stack = Stack()
    try:
        # Warm up first (templates, connections, caches), so "start" is the steady state.
        warm = Load(stack.varnish.url, endpoints(stack), rate=RATE, threads=8).start()
        time.sleep(min(30, SECONDS / 10))
        warm.stop()
        load = Load(stack.varnish.url, endpoints(stack), rate=RATE, threads=8)
        memory_start = memory(stack)
        started = time.monotonic()
        load.start()
        while time.monotonic() - started < SECONDS:
            time.sleep(5)
            done = len(load.results)
            print(f"  {time.monotonic() - started:5.0f} s  {done} requests", flush=True)
        results = load.stop()
        memory_end = memory(stack)
        elapsed = time.monotonic() - started
        by_endpoint = defaultdict(list)
        by_minute = defaultdict(list)
        for result in results:
            by_endpoint[result.endpoint].append(result)
            by_minute[int((result.at - started) // 60)].append(result.seconds)
        failures = load.failures()
        lines = [
            f"# make soak: {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%MZ}, {elapsed:.0f} s"
            f" at {RATE:g} req/s through Varnish; 2 gunicorn servers (1 worker x 4 threads),"
            f" PostgreSQL, Redis; {os.cpu_count()} CPUs shared with other work",
            f"requests {len(results)}, errors (5xx or no answer) {len(failures)}, "
            f"achieved {len(results) / elapsed:.1f} req/s",
            f"{'endpoint':<13} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8}",
        ]
        for name, items in by_endpoint.items():
            seconds = [r.seconds * 1000 for r in items]
            errors = sum(1 for r in items if r.status == 0 or r.status >= 500)
            lines.append(
                f"{name:<13} {len(items):>6} {errors:>6} {percentile(seconds, 0.5):>8.1f}"
                f" {percentile(seconds, 0.99):>8.1f}"
            )
        lines.append(
            "p99 per minute (ms): "
            + ", ".join(f"{percentile(v, 0.99) * 1000:.0f}" for _m, v in sorted(by_minute.items()))
        )
        for name in memory_start:
            growth = (memory_end[name] - memory_start[name]) / memory_start[name] * 100
            lines.append(
                f"app server {name} memory: {memory_start[name] / 1024:.0f} MB at start,"
                f" {memory_end[name] / 1024:.0f} MB at end ({growth:+.1f}%)"
            )
        print("\n".join(lines))
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text("\n".join(lines) + "\n")
        print(f"Figures written to {OUT}")
    finally:
        stack.close()


if __name__ == "__main__":
    main()
