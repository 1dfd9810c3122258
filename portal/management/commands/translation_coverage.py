from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.translations import (
    LOCALE_DIR,
    NOT_ENABLED,
    conflicts,
    coverage,
    english_on_admin_screens,
)


class Command(BaseCommand):
    help = (
        "Report Vietnamese coverage of the Wagtail, Django and library catalogues editors see "
        "(translated / total); fail when an enabled app's catalogue is below --min percent or "
        "a translation breaks a placeholder or the plural rule, or an admin screen anyone can "
        "open (login, password reset) shows English or Wagtail's branding."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min", type=float, default=98.0)
        parser.add_argument("--list", action="store_true", help="list untranslated messages")
        parser.add_argument(
            "--locale-dir",
            type=Path,
            default=LOCALE_DIR,
            help="check another copy of the locale/ tree (a translator's, say)",
        )

    def handle(self, *args, min, list, locale_dir, **options):
        failures = []
        self.stdout.write(
            f"{'family':8} {'catalogue':28} {'domain':9} {'translated':>10} {'total':>6} {'%':>7}"
        )
        for result in coverage(locale_dir):
            enforced = result.name not in NOT_ENABLED
            self.stdout.write(
                f"{result.family:8} {result.name:28} {result.domain:9} {result.translated:>10} {result.total:>6} "
                f"{result.percent:>6.1f}%{'' if enforced else '  (app not enabled)'}"
            )
            if list:
                for msgid in result.untranslated:
                    self.stdout.write(f"    untranslated: {msgid!r}")
            for msgid, problem in result.broken:
                failures.append(
                    f"{result.family}/{result.name}/{result.domain}: {msgid!r}: {problem}"
                )
            if enforced and result.percent < min:
                failures.append(
                    f"{result.family}/{result.name}/{result.domain}: {result.percent:.1f}% < {min}% "
                    f"({len(result.untranslated)} untranslated; run with --list)"
                )
        for (domain, _context, msgid), texts in conflicts(locale_dir):
            readings = "; ".join(f"{text!r} in {', '.join(where)}" for text, where in texts.items())
            failures.append(f"{domain}: {msgid!r} is translated differently: {readings}")
        for screen, problem in english_on_admin_screens():
            failures.append(f"admin screen {screen}: {problem}")
        if failures:
            raise CommandError("\n".join(failures))
        self.stdout.write(self.style.SUCCESS("All enforced catalogues are complete and safe."))
