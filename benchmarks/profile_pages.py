"""Where an uncached render spends its time: queries and cProfile, one page at a time.

    DATABASE_URL=sqlite:///bench-pages.sqlite3 .venv/bin/python benchmarks/profile_pages.py [--profile NAME]

Renders each public page in-process through the whole middleware stack (page cache off),
prints the median render time (wall clock, and CPU time of this process, which SQLite's
work is part of and which a loaded machine disturbs less) and the number of SQL queries, and with
``--profile home`` (or unit, article…) the functions that take the most time and the
slowest queries. A development tool: the figures that count come from ``make bench-pages``.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RENDERS = 15


def urls():
    from articles.models import ArticlePage, DirectivePage, TopicPage
    from register.models import DocumentRegisterPage
    from units.models import UnitPage

    unit = UnitPage.objects.live().order_by("depth", "path").first()
    return {
        "home": "/",
        "unit": unit.url,
        "article": ArticlePage.objects.live().order_by("-date").first().url,
        "document": DirectivePage.objects.live().order_by("-issue_date").first().url,
        "register": DocumentRegisterPage.objects.live().first().url,
        "topic": TopicPage.objects.live().first().url,
        "search": "/search/?q=nghi+quyet",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", help="page name to profile (home, unit, article…)")
    parser.add_argument(
        "--pages",
        default="home,unit,article,document,register,topic",
        help="comma-separated page names (search is slow on SQLite: add it by name)",
    )
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    client = Client()
    wanted = args.pages.split(",")
    for name, url in urls().items():
        if name not in wanted:
            continue
        response = client.get(url)  # warm caches, renditions
        assert response.status_code == 200, (url, response.status_code)
        times, cpu = [], []
        for _ in range(RENDERS):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{name:9} {statistics.median(times):7.1f} ms wall {statistics.median(cpu):7.1f} ms CPU"
            f"  {len(queries):3d} queries  {url}",
            flush=True,
        )
        if args.profile == name:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(5):
                client.get(url)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            for query in sorted(queries, key=lambda q: -float(q["time"]))[:20]:
                print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")


if __name__ == "__main__":
    main()
