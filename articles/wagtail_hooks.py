from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .document_access import check_page_access
from .models import DocumentField, DocumentType, Term, unit_listings

# A unit page lists its own news and documents.
hooks.register("unit_page_context", unit_listings)


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Loại văn bản")
    list_display = ["name", "code", "sort_order"]


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "date"
    menu_label = _("Nhiệm kỳ")
    list_display = ["name", "start_date", "end_date"]


class DocumentFieldViewSet(SnippetViewSet):
    model = DocumentField
    icon = "tag"
    menu_label = _("Lĩnh vực")


class DirectiveCataloguesGroup(SnippetViewSetGroup):
    items = (DocumentTypeViewSet, TermViewSet, DocumentFieldViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Danh mục văn bản")
    menu_name = "directive-catalogues"


register_snippet(DirectiveCataloguesGroup)


@hooks.register("before_serve_document")
def check_document_page_access(document, request):
    """A document's access follows the pages that use it (articles.document_access)."""
    return check_page_access(document, request)
