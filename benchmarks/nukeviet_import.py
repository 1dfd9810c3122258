"""Benchmark: import_nukeviet on the synthetic NukeViet dump (tests/nukeviet_dump.py).

    .venv/bin/python benchmarks/nukeviet_import.py --news 5000
    BENCH_DATABASE_URL=postgres://…/portal_bench .venv/bin/python benchmarks/nukeviet_import.py

Builds the dump in MariaDB (NUKEVIET_TEST_DATABASE_URL, default mysql://root@127.0.0.1:3306/,
database nukeviet_bench_<pid>, dropped afterwards), migrates a fresh portal database (a
temporary SQLite file unless BENCH_DATABASE_URL is set), makes one unit, then times the first
import and the second (nothing changed). Prints items per second and writes them to
bench-results/nukeviet-import.txt. Never run in CI.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
parser = argparse.ArgumentParser()
parser.add_argument("--news", type=int, default=5000)
parser.add_argument("--laws", type=int, default=None)
parser.add_argument("--faq", type=int, default=None)
args = parser.parse_args()

workdir = Path(tempfile.mkdtemp(prefix="nukeviet-bench-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'portal.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"
os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from wagtail.models import Site  # noqa: E402

from tests.nukeviet_dump import SITE_URL, Dump  # noqa: E402
from units.models import UnitKind, UnitPage  # noqa: E402

OUT = ROOT / "bench-results" / "nukeviet-import.txt"
SERVER = os.environ.get("NUKEVIET_TEST_DATABASE_URL", "mysql://root@127.0.0.1:3306/")


def main():
    settings.MEDIA_ROOT = str(workdir / "media")
    laws = args.laws if args.laws is not None else max(args.news // 10, 30)
    faq = args.faq if args.faq is not None else max(args.news // 20, 20)
    dump = Dump(
        SERVER,
        f"nukeviet_bench_{os.getpid()}",
        workdir / "uploads",
        news=args.news,
        laws=laws,
        faq=faq,
    )
    started = time.monotonic()
    dump.build()
    built = time.monotonic() - started
    try:
        call_command("migrate", verbosity=0)
        home = Site.objects.get(is_default_site=True).root_page
        kind, _ = UnitKind.objects.get_or_create(name="Tỉnh ủy")
        province = UnitPage(title="Tỉnh ủy Thử", slug="tinh-uy-thu", kind=kind, issuer_code="TU")
        home.add_child(instance=province)
        items = args.news + 10 + laws + 6 + faq + 3
        timings = []
        for _ in range(2):
            started = time.monotonic()
            call_command(
                "import_nukeviet",
                database_url=dump.url,
                files=str(dump.files),
                site_url=SITE_URL,
                verbosity=0,
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            )
            timings.append(time.monotonic() - started)
    finally:
        dump.drop()
    backend = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [
        f"NukeViet import benchmark ({backend}; {args.news} news, {laws} documents, {faq} Q&A, "
        f"{items} old rows; dump built in {built:.1f} s)",
        f"first run:  {timings[0]:.1f} s, {items / timings[0]:.0f} items/s",
        f"second run (nothing changed): {timings[1]:.1f} s, {items / timings[1]:.0f} items/s",
    ]
    print("\n".join(lines))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


main()
