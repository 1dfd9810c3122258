"""Build the search index when it is empty while the site has pages: a new install, a
change of SEARCH_BACKEND, an upgrade whose index layout changed (Tantivy opens a new
folder), a deleted index folder. Otherwise nothing: cheap enough for every start
(``make run``, a deployment's ExecStartPre). Elasticsearch is left to its operator."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from wagtail.models import Page


def index_is_empty(backend):
    """True or False for the embedded engine and the database backends; None otherwise."""
    index = getattr(backend, "index", None)
    if hasattr(index, "searcher"):  # search.tantivy
        return index.searcher().num_docs == 0
    if any(
        c.__module__.startswith("modelsearch.backends.database.") for c in type(backend).__mro__
    ):
        return not get_app_config().get_model("IndexEntry").objects.exists()
    return None


class Command(BaseCommand):
    help = "Build the search index if it is empty while there are live pages."

    def handle(self, *args, **options):
        empty = index_is_empty(get_search_backend())
        if empty and Page.objects.live().filter(depth__gt=1).exists():
            self.stdout.write("Chỉ mục tìm kiếm trống: đang lập chỉ mục…")
            call_command("update_index", backend_name="default", verbosity=0)
            self.stdout.write("Đã lập chỉ mục tìm kiếm.")
        elif empty is None:
            self.stdout.write("Chỉ mục tìm kiếm do máy chủ tìm kiếm quản lý: không kiểm tra.")
        else:
            self.stdout.write("Chỉ mục tìm kiếm đã sẵn sàng.")
