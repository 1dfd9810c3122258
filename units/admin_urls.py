"""Admin routes that replace Wagtail's with the confined views of units.admin_views.

Included by portal.urls ahead of Wagtail's admin URLs, under the same paths (Wagtail's URL
names still reverse to them); each behind Wagtail's admin login check.
"""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from . import admin_views

urlpatterns = [
    path(
        "reports/page-types-usage/",
        require_admin_access(admin_views.ConfinedPageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(
            admin_views.ConfinedPageTypesUsageReportView.as_view(results_only=True)
        ),
    ),
    path("choose-page/", require_admin_access(admin_views.ConfinedBrowseView.as_view())),
    path(
        "choose-page/<int:parent_page_id>/",
        require_admin_access(admin_views.ConfinedBrowseView.as_view()),
    ),
    path(
        "choose-page/search/",
        require_admin_access(admin_views.ConfinedSearchView.as_view()),
    ),
    path(
        "choose-page/chosen-multiple/",
        require_admin_access(admin_views.ConfinedChosenMultipleView.as_view()),
    ),
]
