from wagtail import hooks

from .listings import unit_kind

# Every unit page shows its kind (Tỉnh ủy, Huyện ủy…), from the cache.
hooks.register("unit_page_context", unit_kind)
