"""manage.py import_nukeviet: move a NukeViet 4.x site (news, laws, faq, uploads) in."""

import json
from pathlib import Path

import pymysql
from django.core.management.base import BaseCommand, CommandError

from nukeviet import mapping as mappings
from nukeviet.importer import Importer
from nukeviet.source import Source, SourceError


class Command(BaseCommand):
    help = (
        "Import a NukeViet 4.x site: news → articles, laws → documents, faq → Q&A, "
        "uploads → images and documents, and a redirect for every old URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="mysql://user:pass@host:3306/db")
        parser.add_argument(
            "--site-url", default="", help="The old site's address (links in bodies)"
        )
        parser.add_argument("--files", help="The old site's uploads/ folder")
        parser.add_argument("--mapping", help="Mapping file (YAML or JSON); default: the draft")
        parser.add_argument("--write-mapping", help="Write a draft mapping to this file and stop")
        parser.add_argument("--prefix", default=None, help="Table prefix (default nv4)")
        parser.add_argument("--lang", default=None, help="Data language (default vi)")
        parser.add_argument("--dry-run", action="store_true", help="Plan and report, write nothing")
        parser.add_argument("--report", help="Also write the report as JSON to this file")

    def handle(self, *args, **options):
        data = mappings.load(options["mapping"]) if options["mapping"] else mappings.merge({})
        source_options = data["source"]
        prefix = options["prefix"] or source_options["prefix"]
        lang = options["lang"] or source_options["lang"]
        try:
            source = Source(
                options["database_url"], prefix=prefix, lang=lang, modules=source_options["modules"]
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        try:
            if options["write_mapping"]:
                mappings.write(mappings.draft(source), options["write_mapping"])
                self.stdout.write(
                    f"Draft mapping written to {options['write_mapping']}: edit it, then run with --mapping."
                )
                return
            if not options["mapping"]:
                data = mappings.merge(mappings.draft(source))
                self.stdout.write(
                    "No --mapping: using the draft (every category in the first unit)."
                )
            if options["files"] and not Path(options["files"]).is_dir():
                raise CommandError(f"--files {options['files']} is not a folder")
            verbose = options["verbosity"] > 0
            importer = Importer(
                source,
                data,
                files=options["files"],
                site_url=options["site_url"],
                dry_run=options["dry_run"],
                out=self.stdout.write if verbose else None,
            )
            try:
                report = importer.run()
            except (SourceError, pymysql.MySQLError) as error:
                raise CommandError(
                    f"The NukeViet database answered with an error: {error}"
                ) from error
        finally:
            source.close()
        if options["dry_run"]:
            self.stdout.write(
                "Dry run: nothing was written; the figures below are what a run would do."
            )
        self.stdout.write(report.as_text())
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
