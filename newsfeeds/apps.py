from django.apps import AppConfig


class NewsfeedsConfig(AppConfig):
    name = "newsfeeds"
    verbose_name = "Nguồn tin ngoài"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home.models import HomePage
        from portal.pagecache import bump_version
        from units.models import UnitPage

        from .listings import home_items, unit_items
        from .models import ExternalFeed

        # home and units know nothing of this app: it registers with the hooks they offer.
        if home_items not in HomePage.party_news_providers:
            HomePage.party_news_providers.append(home_items)
        if unit_items not in UnitPage.listing_providers:
            UnitPage.register_listing(unit_items)

        def bump(**kwargs):
            bump_version()

        # A feed turned off, moved to another page or deleted changes what cached pages show.
        post_save.connect(
            bump, sender=ExternalFeed, dispatch_uid="pagecache-feed-saved", weak=False
        )
        post_delete.connect(
            bump, sender=ExternalFeed, dispatch_uid="pagecache-feed-deleted", weak=False
        )
