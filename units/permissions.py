"""Wagtail's page permission tester, answering from the page row what it would ask the database
once per listed page.

For users with edit but not publish rights (a unit's editors) Wagtail's ``can_delete`` and
``can_move`` each ask "is this page, or any page below it, live?" with one query: two queries
per row of the page explorer. The page row already answers it when the page itself is live
(then yes) or has no children (then only its own ``live`` counts), which covers almost every
listed page; only a draft with children still needs the query. The rules are Wagtail's own.
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.models import GroupApprovalTask, Page, PagePermissionTester, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy


class PortalPagePermissionTester(PagePermissionTester):
    def _subtree_has_live_page(self):
        if self.page.live:
            return True
        if self.page.is_leaf():
            return False
        return self.page.get_descendants().live().exists()

    def can_delete(self, ignore_bulk=False):
        if (
            self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "change" in self.permissions
            and "publish" not in self.permissions
            and (ignore_bulk or "bulk_delete" in self.permissions or self.page.is_leaf())
        ):
            # Wagtail's rule for this case: nothing live may be deleted (or moved).
            return not self._subtree_has_live_page()
        return super().can_delete(ignore_bulk=ignore_bulk)


def prime_approval_task_checks(user):
    """Answer, in one query, which group approval tasks the user may moderate.

    Wagtail's ``GroupApprovalTask`` asks "is the user in this task's groups?" with one query
    per task and keeps the answers on the user object (``_group_approval_task_checks``). The
    dashboard's "to moderate" panel asks it of every active task, and there is one task per
    unit: a hundred queries for each unit editor or approver. Filling that cache for every task
    at once leaves Wagtail's rule unchanged (membership of the task's groups)."""
    if not user.is_authenticated or user.is_superuser:
        return
    member = GroupApprovalTask.groups.through.objects.filter(
        groupapprovaltask=OuterRef("pk"), group__user=user
    )
    checks = getattr(user, "_group_approval_task_checks", None) or {}
    checks.update(
        GroupApprovalTask.objects.annotate(member=Exists(member)).values_list("pk", "member")
    )
    user._group_approval_task_checks = checks


# --- what a unit's people may see of other units' pages (issue #21, finding 9) ---------


def pages_the_user_works_on(user):
    """The pages the user may add to, edit or publish (their units' subtrees)."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["add", "change", "publish"]
    )


def choosable_pages(pages, user):
    """``pages`` kept to live public pages (anyone may link them) and the pages the user
    works on; never another unit's drafts, scheduled or private pages."""
    if user.is_superuser:
        return pages
    restricted = Q()
    for restricted_path in PageViewRestriction.objects.values_list("page__path", flat=True):
        restricted |= Q(path__startswith=restricted_path)
    public = Page.objects.live().exclude(restricted) if restricted else Page.objects.live()
    return pages.filter(
        Q(pk__in=public.values("pk")) | Q(pk__in=pages_the_user_works_on(user).values("pk"))
    )


def works_on(user, page) -> bool:
    """May the user edit or publish this page (Wagtail's per-page rules)?"""
    if user.is_superuser:
        return True
    tester = page.permissions_for_user(user)
    return tester.can_edit() or tester.can_publish()


def may_see_latest_title(user, page) -> bool:
    """May the user read the page's latest (perhaps unpublished) revision? Its editors and
    publishers, and the moderators of the task it waits in."""
    if works_on(user, page):
        return True
    task = page.current_workflow_task
    return bool(task and task.specific.get_actions(page, user))
