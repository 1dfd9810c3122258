from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from articles.models import DocumentType
        from portal.pagecache import bump_version
        from units.models import Issuer

        from .keys import on_page_saved

        post_save.connect(on_page_saved, dispatch_uid="search_title_keys")

        def bump(**kwargs):
            bump_version()

        # Their names label the facets and the editors' picks show above the results, kept
        # in the cache (search.facets.labels, search.views._promotions).
        for model in (DocumentType, Issuer, SearchPromotion):
            name = model._meta.model_name
            post_save.connect(bump, sender=model, dispatch_uid=f"search-{name}-saved", weak=False)
            post_delete.connect(bump, sender=model, dispatch_uid=f"search-{name}-del", weak=False)
