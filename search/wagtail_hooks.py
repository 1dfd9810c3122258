from wagtail import hooks

from .database import bulk_indexing
from .keys import on_pages_bulk_added

# portal.bulk indexes many pages at once: one title-norm refresh at the end (search.database).
hooks.register("bulk_indexing", bulk_indexing)
# portal.bulk inserts pages without save signals: their exact-match keys are written here.
hooks.register("after_bulk_add_pages", on_pages_bulk_added)


@hooks.register("register_admin_viewset")
def register_page_search():
    from .admin_views import portal_page_viewset

    return portal_page_viewset
