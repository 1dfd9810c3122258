"""Benchmark: the admin explorer and dashboard for a unit editor, with 100 units and 100,000 pages.

    make bench-admin                       # fresh SQLite file
    BENCH_DATABASE_URL=postgres://… make bench-admin
    BENCH_REUSE=1 DATABASE_URL=sqlite:///kept.sqlite3 python benchmarks/bench_admin.py

BENCH_REUSE=1 measures again on a database an earlier run built (and did not delete): the build
takes minutes, and two versions of the code can then be timed one after the other on the same
data and under the same machine load.

Builds the data on an empty database (units through the normal page API, so their groups,
permissions, collections and workflows are made by the signals; articles through the bulk
path ``portal.bulk``), then times real admin requests through Django's test client and
counts their queries. Prints the figures and writes them to bench-results/bench-admin.txt.
Never run in CI: it is slow on purpose.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"  # as in production: no query log, no debug templates

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import GroupPagePermission, Page, Site  # noqa: E402

from articles.models import ArticlePage, SectionPage  # noqa: E402
from portal.bulk import bulk_add_children  # noqa: E402
from units.models import UnitAccess, UnitKind, UnitPage  # noqa: E402

UNITS = int(os.environ.get("BENCH_UNITS", 100))
PAGES = int(os.environ.get("BENCH_PAGES", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 7))
OUT = ROOT / "bench-results" / "bench-admin.txt"


def build():
    started = time.monotonic()
    home = Site.objects.get(is_default_site=True).root_page
    kind, _ = UnitKind.objects.get_or_create(name="Đơn vị thử")
    province = UnitPage(title="Tỉnh ủy Thử", slug="tinh-uy-thu", kind=kind)
    home.add_child(instance=province)
    province.save_revision().publish()
    units = [province]
    # Departments under the province; every fifth unit gets a sub-unit, nested like communes.
    while len(units) < UNITS:
        number = len(units)
        parent = units[number - 1] if number % 5 == 0 else province
        unit = UnitPage(title=f"Đơn vị thử {number}", slug=f"don-vi-thu-{number}", kind=kind)
        parent.add_child(instance=unit)
        unit.save_revision().publish()
        units.append(unit)
    built_units = time.monotonic()

    per_unit = PAGES // len(units)
    now = timezone.now()
    for unit in units:
        section = SectionPage(title="Tin tức", slug="tin-tuc")
        unit.add_child(instance=section)
        articles = [
            ArticlePage(
                title=f"Tin số {index} của {unit.title}",
                slug=f"tin-so-{index}",
                lead="Tin thử nghiệm cho phép đo.",
                body=[{"type": "paragraph", "value": "<p>Nội dung thử.</p>"}],
                date=now,
                first_published_at=now - timezone.timedelta(minutes=index),
            )
            for index in range(per_unit)
        ]
        bulk_add_children(section, articles, index=False)
    done = time.monotonic()
    return units, built_units - started, done - built_units


def measure(client, url):
    timings, queries, status = [], 0, None
    for _ in range(RUNS):
        reset_queries()  # the query log is capped: keep it from filling up across runs
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    return statistics.median(timings), max(timings), queries, status


def main():
    call_command("migrate", verbosity=0)
    User = get_user_model()
    if not Page.objects.type(UnitPage).exists():
        units, unit_seconds, page_seconds = build()
        editor_unit = units[len(units) // 2]
        editor = User.objects.create_user("bench-editor")
        editor.groups.add(editor_unit.access.editors)
        approver = User.objects.create_user("bench-approver")
        approver.groups.add(editor_unit.access.approvers)
        admin = User.objects.create_superuser("bench-admin", "bench@example.invalid")
        built = (
            f"build: units {unit_seconds:.1f} s (with groups, collections, workflows), "
            f"{PAGES} pages {page_seconds:.1f} s (bulk path, not indexed)"
        )
    elif os.environ.get("BENCH_REUSE"):
        editor, approver, admin = (
            User.objects.get(username=f"bench-{who}") for who in ("editor", "approver", "admin")
        )
        editor_unit = UnitAccess.objects.get(editors__user=editor).unit
        built = "build: reused the database of an earlier run (BENCH_REUSE)"
    else:
        sys.exit("The benchmark needs an empty database (see `make bench-admin`).")
    section = SectionPage.objects.child_of(editor_unit).get()

    lines = [
        f"bench-admin on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{timezone.localtime():%d/%m/%Y %H:%M}",
        f"units: {UnitPage.objects.count()}, pages: {Page.objects.count()}, "
        f"page permission rows: {GroupPagePermission.objects.count()}",
        built,
        f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        f"requests: median and worst of {RUNS} runs, queries per request",
        f"{'who':<9} {'what':<34} {'median ms':>9} {'worst ms':>9} {'queries':>8} status",
    ]
    checks = [
        ("dashboard", "/admin/"),
        ("explorer: own unit", f"/admin/pages/{editor_unit.pk}/"),
        ("explorer: section, 1000 pages", f"/admin/pages/{section.pk}/"),
        ("explorer: section, page 20", f"/admin/pages/{section.pk}/?p=20"),
        (
            "explorer: newest first",
            f"/admin/pages/{section.pk}/?ordering=-latest_revision_created_at",
        ),
        ("page chooser: own unit", f"/admin/choose-page/{editor_unit.pk}/"),
    ]
    for who, user in (("editor", editor), ("approver", approver), ("admin", admin)):
        client = Client()
        client.force_login(user)
        for name, url in checks:
            median, worst, queries, status = measure(client, url)
            lines.append(f"{who:<9} {name:<34} {median:>9.0f} {worst:>9.0f} {queries:>8} {status}")
    report = "\n".join(lines)
    report += f"\nload average at end: {os.getloadavg()[0]:.1f}"
    print(report)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(report + "\n", encoding="utf-8")
    print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
