from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "navigation"
    verbose_name = "Menu và chân trang"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.pagecache import bump_version

        from .models import UnitContact

        def bump(**kwargs):
            bump_version()

        # Contact points show on the (cached) organisation chart.
        post_save.connect(
            bump, sender=UnitContact, dispatch_uid="pagecache-contact-saved", weak=False
        )
        post_delete.connect(
            bump, sender=UnitContact, dispatch_uid="pagecache-contact-deleted", weak=False
        )
