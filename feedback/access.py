"""Who sees which items: a unit's editors and approvers see the items addressed to their
unit and its sub-units (the groups of units.ownership); administrators see everything,
including the items nobody routed yet."""

from django.db.models import Q

from units.models import UnitPage
from units.ownership import units_of_user

from .models import FeedbackItem


def _root_paths(user, approvers_only=False):
    """Paths of the units whose groups the user is in (approvers' only, if asked). Read once
    per user object, that is once per request: the admin menu, the dashboard panel and the
    view all ask."""
    memberships = getattr(user, "_feedback_units", None)
    if memberships is None:
        memberships = [(unit.path, role == "approver") for unit, role in units_of_user(user)]
        user._feedback_units = memberships
    return [path for path, approver in memberships if approver or not approvers_only]


def _under(paths, field="path"):
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def is_unit_member(user) -> bool:
    return user.is_active and (user.is_superuser or bool(_root_paths(user)))


def visible_units(user):
    if user.is_superuser:
        return UnitPage.objects.all()
    paths = _root_paths(user)
    return UnitPage.objects.filter(_under(paths)) if paths else UnitPage.objects.none()


def visible_items(user):
    if not user.is_active:
        return FeedbackItem.objects.none()
    if user.is_superuser:
        return FeedbackItem.objects.all()
    paths = _root_paths(user)
    if not paths:
        return FeedbackItem.objects.none()
    return FeedbackItem.objects.filter(_under(paths, "unit__path"))


def can_approve(user, item) -> bool:
    """Approvers of the item's unit or of a unit above it; administrators."""
    if user.is_superuser:
        return True
    if item.unit_id is None:
        return False
    return any(item.unit.path.startswith(path) for path in _root_paths(user, approvers_only=True))
