"""Who may do what in a unit, kept in Wagtail's own permission models.

Every unit page gets, automatically (signals below, and ``provision_units``):

- two groups: editors (add and change pages in the unit's subtree, upload, change and
  choose images and documents in the unit's collection) and approvers (the same, plus
  publish, lock and unlock, and approving submissions);
- one permission root, the unit page itself: a unit's permissions apply to its whole
  subtree, sub-units included, and to nothing else (one row per permission and group
  keeps Wagtail's permission checks fast with many units);
- one collection, nested like the units, plus a shared collection every unit's people
  may choose from but only administrators change;
- one workflow: a group approval task for the unit's approvers.

Renaming a unit renames its groups, collection and workflow; moving it moves its
collection. Administrators (superusers) manage everything.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.signals import post_page_move

from .models import UnitAccess, UnitPage

SHARED_COLLECTION = "Dùng chung"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
APPROVER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Both roles upload and manage the media of their unit.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SHARED_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]

GROUP_NAME_MAX = 150


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_names(unit):
    title = unit.title[:120]
    return f"Biên tập viên – {title}", f"Người duyệt – {title}"


def _unique_group_name(name, group, unit):
    """``name``, or ``name (#id)`` when another unit of the same title already has it."""
    clash = Group.objects.filter(name=name)
    if group.pk:
        clash = clash.exclude(pk=group.pk)
    return f"{name} (#{unit.pk})" if clash.exists() else name


def shared_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SHARED_COLLECTION).first()
    return existing or root.add_child(name=SHARED_COLLECTION)


def parent_unit(unit):
    return UnitPage.objects.ancestor_of(unit).order_by("-depth").first()


@transaction.atomic
def sync_unit(unit) -> UnitAccess:
    """Create or repair everything a unit's people need. Idempotent."""
    unit = UnitPage.objects.get(pk=unit.pk)  # the saved (live) title, not a draft's
    access = (
        UnitAccess.objects.filter(unit=unit)
        .select_related("editors", "approvers", "collection", "workflow")
        .first()
    )
    editors_name, approvers_name = group_names(unit)

    if access is None:
        editors = Group(name=_unique_group_name(editors_name, Group(), unit))
        editors.save()
        approvers = Group(name=_unique_group_name(approvers_name, Group(), unit))
        approvers.save()
        collection = _parent_collection(unit).add_child(name=unit.title[:255])
        workflow = Workflow.objects.create(name=_workflow_name(unit))
        task = GroupApprovalTask.objects.create(name=_task_name(unit))
        task.groups.set([approvers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        access = UnitAccess.objects.create(
            unit=unit,
            editors=editors,
            approvers=approvers,
            collection=collection,
            workflow=workflow,
        )
    else:
        _rename(access.editors, _unique_group_name(editors_name, access.editors, unit))
        _rename(access.approvers, _unique_group_name(approvers_name, access.approvers, unit))
        renamed = access.collection.name != unit.title[:255]
        _rename(access.collection, unit.title[:255])
        _rename(access.workflow, _workflow_name(unit))
        for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=access.workflow):
            _rename(task, _task_name(unit))
            task.groups.set([access.approvers])
        parent = _parent_collection(unit)
        if renamed or access.collection.get_parent().pk != parent.pk:
            # Collections keep siblings sorted by name in their tree paths: a renamed
            # one must be moved to its new place too.
            access.collection.move(parent, pos="sorted-child")
            access.collection.refresh_from_db()

    WorkflowPage.objects.update_or_create(page=unit, defaults={"workflow": access.workflow})
    _set_page_permissions(access.editors, unit, EDITOR_PAGE_PERMISSIONS)
    _set_page_permissions(access.approvers, unit, APPROVER_PAGE_PERMISSIONS)
    shared = shared_collection()
    for group in (access.editors, access.approvers):
        _set_collection_permissions(
            group,
            {(access.collection.pk, app, codename) for app, codename in COLLECTION_PERMISSIONS}
            | {(shared.pk, app, codename) for app, codename in SHARED_COLLECTION_PERMISSIONS},
        )
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return access


def _workflow_name(unit):
    return f"Duyệt nội dung – {unit.title}"[:255]


def _task_name(unit):
    return f"Người duyệt của {unit.title} duyệt"[:255]


def _rename(obj, name):
    if obj.name != name:
        obj.name = name
        obj.save(update_fields=["name"])


def _parent_collection(unit):
    parent = parent_unit(unit)
    if parent is not None:
        parent_access = UnitAccess.objects.filter(unit=parent).select_related("collection").first()
        if parent_access is None:
            parent_access = sync_unit(parent)
        return parent_access.collection
    return Collection.get_first_root_node()


def _set_page_permissions(group, unit, codenames):
    """Exactly ``codenames`` on ``unit`` for this group: its one permission root."""
    wanted = set(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ).values_list("pk", flat=True)
    )
    existing = GroupPagePermission.objects.filter(group=group)
    existing.exclude(page=unit, permission_id__in=wanted).delete()
    have = set(existing.filter(page=unit).values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=unit, permission_id=pk) for pk in wanted - have
    )


def _set_collection_permissions(group, wanted):
    """Exactly ``wanted`` = {(collection_id, app_label, codename)} for this group."""
    by_code = {
        (perm.content_type.app_label, perm.codename): perm.pk
        for perm in Permission.objects.filter(
            codename__in={codename for _, _, codename in wanted}
        ).select_related("content_type")
    }
    wanted_rows = {(collection, by_code[(app, codename)]) for collection, app, codename in wanted}
    existing = {
        (row.collection_id, row.permission_id): row.pk
        for row in GroupCollectionPermission.objects.filter(group=group)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted_rows]
    GroupCollectionPermission.objects.filter(pk__in=stale).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=collection, permission_id=perm)
        for collection, perm in wanted_rows - set(existing)
    )


def units_of_user(user):
    """``[(unit, role)]`` for the units whose groups the user is in; role "approver" or "editor"."""
    groups = set(user.groups.values_list("pk", flat=True))
    accesses = (
        UnitAccess.objects.filter(Q(editors__in=groups) | Q(approvers__in=groups))
        .select_related("unit")
        .order_by("unit__path")
    )
    return [
        (access.unit, "approver" if access.approvers_id in groups else "editor")
        for access in accesses
    ]


def editable_units(user):
    """Every unit (sub-units included) in whose subtree the user may edit pages."""
    if user.is_superuser:
        return UnitPage.objects.all()
    roots = UnitPage.objects.filter(
        group_permissions__group__user=user,
        group_permissions__permission__codename="change_page",
    ).distinct()
    paths = list(roots.values_list("path", flat=True))
    if not paths:
        return UnitPage.objects.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return UnitPage.objects.filter(query)


def is_unit_approver(user, unit) -> bool:
    return user.is_superuser or UnitAccess.objects.filter(unit=unit, approvers__user=user).exists()


# --- signals -----------------------------------------------------------


@receiver(post_save, sender=UnitPage)
def unit_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Saving a draft revision also saves the page row: only a new unit, or a new live
    # title, needs the groups, collection and workflow brought in step.
    kept_name = (
        UnitAccess.objects.filter(unit_id=instance.pk)
        .values_list("collection__name", flat=True)
        .first()
    )
    live_title = UnitPage.objects.filter(pk=instance.pk).values_list("title", flat=True).first()
    if kept_name is None or kept_name != (live_title or "")[:255]:
        sync_unit(instance)


@receiver(post_page_move)
def unit_moved(sender, instance, **kwargs):
    for unit in UnitPage.objects.descendant_of(instance, inclusive=True).order_by("path"):
        sync_unit(unit)


@receiver(post_delete, sender=UnitAccess)
def unit_deleted(sender, instance, **kwargs):
    """A deleted unit's groups go; its workflow is disabled; its collection keeps its files."""
    Group.objects.filter(pk__in=[instance.editors_id, instance.approvers_id]).delete()
    Workflow.objects.filter(pk=instance.workflow_id).update(active=False)
