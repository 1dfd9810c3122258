"""Wagtail admin views confined to what a unit's people may see (issue #21, finding 9).

Each is Wagtail's own view with the one check it lacks; superusers see exactly what
Wagtail shows them.

- The page types usage report ("Sử dụng loại trang") showed, for every page type, the
  site's most recently edited page with its latest title: another unit's draft, scheduled
  or private page. Here its counts and "last edited page" cover the pages the user works on.
- The page chooser, browsing into a page (``/admin/choose-page/<id>/``), showed that page's
  title whatever it was, and "chosen-multiple" answered any id with its latest title.
- The workflow action views said "the page '<latest title>' is not awaiting moderation" for
  any page id, before any permission check.

Routed in ``units/admin_urls.py`` (ahead of Wagtail's admin URLs); the workflow views are
the page viewset's (``ConfinedPageViewSet``).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from wagtail.admin.views import chooser
from wagtail.admin.views.pages import workflow
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.ids import parse_id

from .permissions import (
    choosable_pages,
    may_see_latest_title,
    pages_the_user_works_on,
    works_on,
)


class ConfinedPageTypesUsageReportView(PageTypesUsageReportView):
    def get_queryset(self):
        if self.request.user.is_superuser:
            return super().get_queryset()
        self.queryset = self._page_types()
        queryset = self.filter_queryset(self.queryset)
        cleaned = self.filters.form.cleaned_data
        own = pages_the_user_works_on(self.request.user)
        if cleaned.get("page_locale"):
            own = own.filter(locale__language_code=cleaned["page_locale"])
        if cleaned.get("site"):
            own = own.filter(path__startswith=cleaned["site"])
        own_ids = own.values("pk")
        latest = (
            Page.objects.filter(content_type=OuterRef("pk"), pk__in=own_ids)
            .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
            .values("pk")[:1]
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=own_ids)),
            last_edited_page_id=Subquery(latest),
        ).order_by("-count", "app_label", "model")

    def _page_types(self):
        # Wagtail's queryset before its annotations: the page types, ``wagtailcore.Page``
        # only when such pages exist.
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_type = ContentType.objects.get_for_model(Page)
        if not Page.objects.filter(depth__gt=1, content_type=page_type).exists():
            queryset = queryset.exclude(id=page_type.id)
        return queryset


class LatestTitleOnlyForItsPeople:
    """A chooser column that shows a page the user does not work on under its live title
    (``draft_title`` is the latest revision's: a live page's unpublished rename)."""

    user = None

    def _live_title(self, page):
        if isinstance(page, Page) and not works_on(self.user, page):
            page.draft_title = page.title
        return page

    def get_value(self, instance):
        return self._live_title(super().get_value(self._live_title(instance)))


class LiveTitleColumn(LatestTitleOnlyForItsPeople, chooser.PageTitleColumn):
    pass


class LiveParentTitleColumn(LatestTitleOnlyForItsPeople, chooser.ParentPageColumn):
    pass


def confined_columns(columns, user):
    replace = {
        chooser.PageTitleColumn: LiveTitleColumn,
        chooser.ParentPageColumn: LiveParentTitleColumn,
    }
    for column in columns:
        if type(column) in replace:
            column.__class__ = replace[type(column)]  # same fields, one method more
            column.user = user
    return columns


class ConfinedSearchView(chooser.SearchView):
    @property
    def columns(self):
        return confined_columns(super().columns, self.request.user)


class ConfinedBrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return confined_columns(super().columns, self.request.user)

    def get_object_list(self):
        # Called once Wagtail has picked the page to browse into (from the URL, or the
        # common ancestor of the wanted page types): a page the user may not see is
        # replaced by its nearest ancestor they may see, whose title is then shown.
        user = self.request.user
        if not user.is_superuser:
            explorable = choosable_pages(Page.objects.all(), user) | Page.objects.filter(
                pk__in=self._explorable(user)
            )
            shown = explorable.ancestor_of(self.parent_page, inclusive=True).order_by("-depth")
            self.parent_page = (shown.first() or Page.get_first_root_node()).specific
        return super().get_object_list()

    @staticmethod
    def _explorable(user):
        return PagePermissionPolicy().explorable_instances(user).values("pk")


class ConfinedChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        # Wagtail's answer, for the choosable ids only (a forged non-numeric id was a 500).
        ids = [pk for pk in map(parse_id, request.GET.getlist("id")) if pk is not None]
        pages = choosable_pages(Page.objects.filter(pk__in=ids), request.user).specific()
        result = []
        for page in pages:
            title = page.get_admin_display_title() if works_on(request.user, page) else page.title
            result.append(
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": title,
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
            )
        return self.render_chosen_response(result)


class LatestTitleCheck:
    """Refuse before Wagtail's view can name the page in a message."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_latest_title(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConfinedWorkflowActionView(LatestTitleCheck, workflow.WorkflowActionView):
    pass


class ConfinedCollectWorkflowActionDataView(
    LatestTitleCheck, workflow.CollectWorkflowActionDataView
):
    pass


class ConfinedPreviewRevisionForTaskView(LatestTitleCheck, workflow.PreviewRevisionForTaskView):
    pass


class ConfinedPageViewSet(PageViewSet):
    """Wagtail's viewset of the base Page model with the workflow views above. The admin's
    page viewset (search.admin_views.PortalPageViewSet) is built on it."""

    workflow_action_view_class = ConfinedWorkflowActionView
    collect_workflow_action_data_view_class = ConfinedCollectWorkflowActionDataView
    workflow_preview_view_class = ConfinedPreviewRevisionForTaskView
