"""The portal's front page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import ArticlePage, DirectivePage, TopicPage, with_listing_relations
from portal.visibility import visible
from units.models import PortalPage, UnitPage, attach_owning_units

FEATURED_COUNT = 5
LATEST_COUNT = 12


class HomePage(PortalPage):
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["units.UnitPage", "articles.TopicIndexPage"]
    max_count_per_parent = 1
    template = "pages/home_page.html"

    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = with_listing_relations(
            visible(ArticlePage.objects, request).descendant_of(self).order_by("-date", "-pk")
        )
        featured = list(articles.filter(featured=True)[:FEATURED_COUNT])
        if not featured:
            featured = list(articles[:FEATURED_COUNT])
        latest = list(articles.exclude(pk__in=[a.pk for a in featured])[:LATEST_COUNT])
        attach_owning_units(featured + latest)
        context.update(
            featured=featured,
            latest=latest,
            directives=visible(DirectivePage.objects, request)
            .descendant_of(self)
            .select_related("document_type")
            .order_by("-issue_date", "-pk")[:8],
            topics=visible(TopicPage.objects, request).filter(is_current=True)[:8],
            units=visible(UnitPage.objects.child_of(self), request),
        )
        return context
