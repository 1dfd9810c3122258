from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = "Tài liệu sinh hoạt chi bộ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from api.views import expose_page_type
        from home.models import HomePage
        from portal.pagecache import bump_version
        from search.forms import register_content_type

        from . import listings
        from .models import Audience, CellMaterialIndexPage, CellMaterialPage

        # The lower apps know nothing of this one (the tree rules are its page types' own
        # parent_page_types): it adds its pages to search and the API, and fills the home
        # page's "Tài liệu sinh hoạt chi bộ tháng này" block.
        register_content_type("tai-lieu-sinh-hoat", CellMaterialPage, _("Tài liệu sinh hoạt"))
        expose_page_type(CellMaterialIndexPage)
        expose_page_type(CellMaterialPage, listings.material_api_relations)
        HomePage.block_providers["materials"] = listings.current_materials

        # Audiences are shown on cached pages.
        def bump(**kwargs):
            bump_version()

        post_save.connect(
            bump, sender=Audience, dispatch_uid="pagecache-audience-saved", weak=False
        )
        post_delete.connect(
            bump, sender=Audience, dispatch_uid="pagecache-audience-deleted", weak=False
        )
