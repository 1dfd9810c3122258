from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .document_access import check_page_access
from .models import AuthorityRule, DocumentField, DocumentType, Term, unit_listings
from .signals import AUTHORITY_OVERRIDE_ACTION, LOG_ACTIONS

# A unit page lists its own news and documents.
hooks.register("unit_page_context", unit_listings)


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Loại văn bản")
    list_display = ["name", "code", "needs_implementation", "sort_order"]


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "date"
    menu_label = _("Nhiệm kỳ")
    list_display = ["name", "start_date", "end_date"]


class DocumentFieldViewSet(SnippetViewSet):
    model = DocumentField
    icon = "tag"
    menu_label = _("Lĩnh vực")


class AuthorityRuleViewSet(SnippetViewSet):
    """Who may not issue what (Quy định 66-QĐ/TW): administrators only, as data."""

    model = AuthorityRule
    icon = "lock"
    menu_label = _("Thẩm quyền ban hành")
    list_display = ["issuer_kind", "document_type", "basis"]
    list_filter = ["issuer_kind"]


class DirectiveCataloguesGroup(SnippetViewSetGroup):
    items = (DocumentTypeViewSet, TermViewSet, DocumentFieldViewSet, AuthorityRuleViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Danh mục văn bản")
    menu_name = "directive-catalogues"


register_snippet(DirectiveCataloguesGroup)


@hooks.register("before_serve_document")
def check_document_page_access(document, request):
    """A document's access follows the pages that use it (articles.document_access)."""
    return check_page_access(document, request)


@hooks.register("register_log_actions")
def register_document_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


def log_authority_override(request, page):
    """A document saved against the authority rules by an administrator (DirectiveForm):
    the reason and the rules it overrode go to the page's history and the audit log."""
    override = getattr(page, "_authority_override", None)
    if override:
        log(page, AUTHORITY_OVERRIDE_ACTION, user=request.user, data=override)
        page._authority_override = None


hooks.register("after_create_page", log_authority_override)
hooks.register("after_edit_page", log_authority_override)
