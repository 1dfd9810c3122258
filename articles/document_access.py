"""Who may download a document: its access follows the pages that use it.

Wagtail checks only the document's collection. A file attached to a login- or
group-restricted page (a ``DirectivePage`` attachment, a StreamField document block, a
rich-text link, a consultation's draft) would otherwise be served to anyone who guesses its
URL. The rule, checked in the serve path (``before_serve_document``):

- the pages that use the document are found in Wagtail's reference index, plus the
  attachment rows (bulk imports create those without indexing them);
- the most open *live* page wins: the request may download the file if it may view at least
  one of them (page view restrictions, Wagtail's ``accept_request``: login, groups, page
  password passed in this session);
- a document no live page uses is not public (a site setting linking it counts as public);
- editors who may choose or change the document (its collection's permissions) always may.

Anything not open to an anonymous reader is sent ``Cache-Control: private, no-store`` so no
shared cache (Varnish, the page cache, a proxy) keeps it for the next reader.
"""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.views.serve import serve
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.wagtail_hooks import require_wagtail_login

OPEN, ALLOWED, DENIED = "open", "allowed", "denied"


def pages_using(document):
    """Live pages that use ``document`` (ids from the reference index and the attachments)."""
    from .models import DirectiveAttachment

    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(pk)
        for pk in references.filter(base_content_type=page_type).values_list("object_id", flat=True)
        if str(pk).isdigit()
    }
    ids.update(DirectiveAttachment.objects.filter(document=document).values_list("page", flat=True))
    return Page.objects.live().filter(pk__in=ids)


def _used_by_settings(document):
    referrers = ReferenceIndex.get_references_to(document).values_list("content_type", flat=True)
    for content_type in ContentType.objects.filter(pk__in=set(referrers)):
        model = content_type.model_class()
        if model is not None and issubclass(model, BaseSiteSetting | BaseGenericSetting):
            return True
    return False


def _restrictions_of(pages):
    """{page id: [restrictions on it and its ancestors]} with one query."""
    pages = list(pages)
    if not pages:
        return {}
    ancestors = {page.path[:length] for page in pages for length in range(4, len(page.path) + 1, 4)}
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=ancestors)
        .select_related("page")
        .prefetch_related("groups")
    )
    return {
        page.pk: [r for r in restrictions if page.path.startswith(r.page.path)] for page in pages
    }


def _policy():
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def access(document, request):
    """OPEN (anyone), ALLOWED (this request only) or DENIED, with the restrictions met."""
    collection_restrictions = list(document.collection.get_view_restrictions())
    pages = _restrictions_of(pages_using(document))
    if not collection_restrictions and (
        any(not found for found in pages.values()) or _used_by_settings(document)
    ):
        return OPEN, []
    user = getattr(request, "user", None)
    if user is not None and _policy().user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    ):
        return ALLOWED, []
    if _used_by_settings(document):
        return ALLOWED, []  # the collection's own restriction is Wagtail's hook's to check
    for restrictions in pages.values():
        if all(restriction.accept_request(request) for restriction in restrictions):
            return ALLOWED, []
    unmet = [r for restrictions in pages.values() for r in restrictions]
    return DENIED, unmet


def check_page_access(document, request):
    """``before_serve_document``: refuse a document no page open to this request uses."""
    verdict, unmet = access(document, request)
    request.portal_document_access = verdict
    if verdict != DENIED:
        return None
    anonymous = not request.user.is_authenticated
    if anonymous and any(
        r.restriction_type in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS) for r in unmet
    ):
        response = require_wagtail_login(next=request.get_full_path())
    else:
        response = render(request, "404.html", status=404)
    add_never_cache_headers(response)  # "no-cache, no-store, must-revalidate, private"
    return response


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, with the cache rule of the access it granted."""
    from portal.accel import without_body_length

    response = without_body_length(serve(request, document_id, document_filename))
    if getattr(request, "portal_document_access", OPEN) != OPEN:
        add_never_cache_headers(response)
    return response
