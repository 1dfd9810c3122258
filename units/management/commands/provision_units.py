"""Create or update units, their groups, collections, permissions and workflows from an org chart.

    python manage.py provision_units units/orgcharts/tay-ninh-2025.yaml [--dry-run]

Idempotent: a second run with the same chart changes nothing. A chart with problems is
rejected whole (each problem names its unit key) and nothing is applied; the chart is
applied in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from units.orgchart import OrgChartError, apply_orgchart, load_orgchart


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Create or update units, groups, collections, permissions and workflows from a chart."

    def add_arguments(self, parser):
        parser.add_argument("orgchart", help="path of a YAML or JSON org chart")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, then roll everything back"
        )

    def handle(self, *args, orgchart, dry_run, **options):
        try:
            chart = load_orgchart(orgchart)
        except OrgChartError as error:
            raise CommandError(
                "The org chart was not applied:\n" + "\n".join(f"- {p}" for p in error.problems)
            ) from error
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default site to put the units under.")
        try:
            with transaction.atomic():
                counts = apply_orgchart(chart, site.root_page)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(f"Dry run, nothing changed. Would apply: {self.describe(counts)}")
            return
        self.stdout.write(self.style.SUCCESS(f"Units provisioned: {self.describe(counts)}"))

    @staticmethod
    def describe(counts):
        return (
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
