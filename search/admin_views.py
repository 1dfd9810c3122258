"""The admin's page search (/admin/pages/search/), ranked by the one search service.

Wagtail's own view searches the title prefixes (autocomplete) in the backend's order; here
the pages an editor may explore (Wagtail's permission policy, so a unit editor sees only
their unit's pages, as before) are ranked by search.service.rank(), as the public search
ranks them: a unit's name or a document's number first. Wagtail's filter syntax
("live:yes") and an empty query keep Wagtail's behaviour.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.views.pages.search import SearchView
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from units.admin_views import ConfinedPageViewSet

from . import service
from .query import clean_query, search_terms


class PortalPageSearchView(SearchView):
    def get_queryset(self):
        query = clean_query(self.search_query or "")
        filters, _rest = parse_query_string(query)
        if filters or not search_terms(query):
            return super().get_queryset()
        self.all_pages = Page.objects.all()
        self.all_pages = self.all_pages.filter(
            pk__in=self.permission_policy.explorable_instances(self.request.user).values_list(
                "pk", flat=True
            )
        )
        pages = self.all_pages
        if self.show_locale_labels:
            pages = pages.select_related("locale")
        if self.ordering:
            pages = pages.order_by(self.ordering)
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        pages = self.annotate_queryset(pages)
        results = service.rank(pages, query, order_by_relevance=not self.ordering)
        matches = self.all_pages.search(
            " ".join(search_terms(query)),
            operator=results.operator,
            order_by_relevance=False,
        )
        if getattr(matches, "supports_facet", False):
            counts = matches.facet("content_type_id")
            self.content_types = [
                (ContentType.objects.get_for_id(pk), count) for pk, count in counts.items()
            ]
        return results


class PortalPageViewSet(ConfinedPageViewSet):
    search_view_class = PortalPageSearchView


# Registered (search.wagtail_hooks) after Wagtail's own viewset of the base Page model,
# so the admin's /pages/search/ and /pages/search/results/ route to PortalPageSearchView;
# its workflow views are units' confined ones (ConfinedPageViewSet).
portal_page_viewset = PortalPageViewSet()
