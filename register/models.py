"""The document register (Tra cứu văn bản): every document of the site, filtered."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import DirectivePage
from portal.pagination import paginate
from portal.visibility import visible
from units.models import PortalPage

from .filters import DocumentFilter


class DocumentRegisterPage(PortalPage):
    """Tra cứu văn bản: every document of the site, filtered by type, issuer, year, status, field."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["home.HomePage"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/document_register_page.html"
    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("trang tra cứu văn bản")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = (
            visible(DirectivePage.objects, request)
            .descendant_of(self.get_parent())
            .select_related("document_type", "issuer", "field")
            .order_by("-issue_date", "-pk")
        )
        filters = DocumentFilter(request.GET or None, queryset=documents)
        if filters.is_bound and not filters.is_valid():
            results = documents.none()
        else:
            results = filters.qs if filters.is_bound else documents
        context["filters"] = filters
        context["documents"] = paginate(request, results)
        return context
