from django.apps import AppConfig
from django.db.models.signals import post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from .keys import on_page_saved

        post_save.connect(on_page_saved, dispatch_uid="search_title_keys")
