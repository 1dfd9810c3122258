"""Make the default Wagtail Site name BASE_URL's host and port (idempotent).

Page URLs (canonical links, the sitemap, feeds, the API's html_url) come from the Site;
every other absolute URL from BASE_URL (portal.links). `make run` runs this with the
address it serves; a deployment runs it once with its public BASE_URL.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from portal.links import site_address


class Command(BaseCommand):
    help = "Set the default Site's host name and port from BASE_URL."

    def handle(self, *args, **options):
        try:
            hostname, port = site_address()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if settings.BASE_URL.startswith("https://") and port != 443:
            raise CommandError(
                "A Wagtail Site on a port other than 443 is served over http: "
                f"use https on 443 or http on {port} in BASE_URL."
            )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site: run `manage.py migrate` first.")
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"Default site already at {site.root_url}.")
            return
        if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
            raise CommandError(f"Another Site already has {hostname}:{port}.")
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        Site.clear_site_root_paths_cache()
        self.stdout.write(f"Default site now at {site.root_url}.")
