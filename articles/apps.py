from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài và văn bản"

    def ready(self):
        from units.models import UnitPage

        from .models import unit_listings

        UnitPage.register_listing(unit_listings)
