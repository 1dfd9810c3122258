from wagtail import hooks

from .database import bulk_indexing

# portal.bulk indexes many pages at once: one title-norm refresh at the end (search.database).
hooks.register("bulk_indexing", bulk_indexing)
