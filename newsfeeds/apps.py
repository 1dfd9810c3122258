from django.apps import AppConfig


class NewsfeedsConfig(AppConfig):
    name = "newsfeeds"
    verbose_name = "Nguồn tin ngoài"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.pagecache import bump_version

        from .models import ExternalFeed

        def bump(**kwargs):
            bump_version()

        # A feed turned off, moved to another page or deleted changes what cached pages show.
        post_save.connect(
            bump, sender=ExternalFeed, dispatch_uid="pagecache-feed-saved", weak=False
        )
        post_delete.connect(
            bump, sender=ExternalFeed, dispatch_uid="pagecache-feed-deleted", weak=False
        )
