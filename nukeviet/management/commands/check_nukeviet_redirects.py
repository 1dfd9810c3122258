"""manage.py check_nukeviet_redirects: the old site's URLs that lead nowhere in the portal."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.contrib.redirects.models import Redirect

from nukeviet import mapping as mappings
from nukeviet.models import ImportKey
from nukeviet.source import Source, SourceError, old_paths


def source_urls(source, urls):
    """Every public URL of the old site's news, laws and faq, and the imported files'."""
    paths = old_paths(source.lang, urls)
    if source.has("news", "rows") and source.has("news", "cat"):
        cats = {
            int(r["catid"]): r["alias"]
            for r in source.query(f"SELECT catid, alias FROM {source.table('news', 'cat')}")
        }
        yield from (paths["news_category"](alias) for alias in cats.values())
        sql = (
            f"SELECT id, catid, alias FROM {source.table('news', 'rows')} "
            "WHERE status = 1 AND id > {after} ORDER BY id LIMIT {limit}"
        )
        for batch in source.batches(sql, 5000):
            for row in batch:
                alias = cats.get(int(row["catid"]), f"(category {row['catid']})")
                yield paths["news"](alias, row["alias"], row["id"])
    if source.has("laws", "row"):
        sql = (
            f"SELECT id, alias FROM {source.table('laws', 'row')} "
            "WHERE status = 1 AND id > {after} ORDER BY id LIMIT {limit}"
        )
        for batch in source.batches(sql, 5000):
            yield from (paths["laws"](row["alias"]) for row in batch)
    if source.has("faq"):
        yield paths["faq"]()
    files = ImportKey.objects.filter(kind__in=[ImportKey.Kind.IMAGE, ImportKey.Kind.FILE])
    yield from files.exclude(old_url="").values_list("old_url", flat=True)


class Command(BaseCommand):
    help = "List the old NukeViet URLs with no redirect, or whose target page is gone."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", help="The NukeViet database (all its public URLs)")
        parser.add_argument("--mapping", help="The mapping file used for the import")
        parser.add_argument(
            "--urls", help="A file of old paths, one a line (e.g. from access logs)"
        )

    def handle(self, *args, **options):
        if not options["database_url"] and not options["urls"]:
            raise CommandError("Give --database-url, --urls or both")
        data = mappings.load(options["mapping"]) if options["mapping"] else mappings.merge({})
        paths = []
        if options["urls"]:
            try:
                lines = Path(options["urls"]).read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise CommandError(f"Cannot read {options['urls']}: {error}") from error
            paths += [line.split()[0] for line in lines.splitlines() if line.strip()]
        if options["database_url"]:
            settings = data["source"]
            try:
                source = Source(
                    options["database_url"],
                    prefix=settings["prefix"],
                    lang=settings["lang"],
                    modules=settings["modules"],
                )
            except SourceError as error:
                raise CommandError(str(error)) from error
            try:
                paths += list(source_urls(source, settings["urls"]))
            finally:
                source.close()
        missing = 0
        normalised = {Redirect.normalise_path(path): path for path in paths}
        redirects = {
            r.old_path: r
            for r in Redirect.objects.filter(
                site=None, old_path__in=list(normalised)
            ).select_related("redirect_page")
        }
        for old_path, path in normalised.items():
            redirect = redirects.get(old_path)
            if redirect is None:
                reason = "no redirect"
            elif redirect.redirect_page_id and not redirect.redirect_page.live:
                reason = "target page not published"
            elif not redirect.redirect_page_id and not redirect.redirect_link:
                reason = "target page deleted"
            else:
                continue
            missing += 1
            self.stdout.write(f"{path}\t{reason}")
        self.stdout.write(f"Old URLs checked: {len(normalised)}; without a target: {missing}.")
