"""The dashboard panel for a unit's people: pending approvals, recently published, their drafts."""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from .ownership import units_of_user

LIMIT = 5


class UnitPeoplePanel(Component):
    name = "unit_people"
    template_name = "units/dashboard_panel.html"
    order = 90  # before Wagtail's own panels

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        memberships = units_of_user(self.user)
        context = super().get_context_data(parent_context)
        if not memberships:
            context["units"] = []
            return context
        page_type = ContentType.objects.get_for_model(Page)
        pending_ids = [
            int(object_id)
            for object_id in WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=page_type
            ).values_list("object_id", flat=True)
        ]
        units = []
        for unit, role in memberships:
            subtree = Page.objects.descendant_of(unit, inclusive=True)
            units.append(
                {
                    "unit": unit,
                    "panel_id": f"unit-{unit.pk}",
                    "role": role,
                    "pending": subtree.filter(pk__in=pending_ids).order_by("-pk")[:LIMIT]
                    if pending_ids
                    else [],
                    "published": subtree.filter(live=True)
                    .exclude(pk=unit.pk)
                    .order_by("-last_published_at")[:LIMIT],
                }
            )
        context["units"] = units
        context["drafts"] = Page.objects.filter(
            owner=self.user, has_unpublished_changes=True
        ).order_by("-latest_revision_created_at")[:LIMIT]
        return context
