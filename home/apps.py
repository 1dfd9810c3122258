from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Trang chủ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.pagecache import bump_version
        from units.models import UnitKind

        def bump(**kwargs):
            bump_version()

        # Unit kinds are shown on cached pages and kept in the cache (home.listings).
        post_save.connect(
            bump, sender=UnitKind, dispatch_uid="pagecache-unitkind-saved", weak=False
        )
        post_delete.connect(
            bump, sender=UnitKind, dispatch_uid="pagecache-unitkind-deleted", weak=False
        )
