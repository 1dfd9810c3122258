"""Account events in Wagtail's audit log (Cài đặt → Báo cáo → Lịch sử trang web).

Logins and logouts to the admin, failed logins of existing accounts, group membership and
permission changes, and changes to an account's privileges or password. Changes made in the
admin are attributed to the acting user through Wagtail's log context; the rest (shell,
commands) are logged without a user. Failures for unknown usernames are kept by django-axes
(``AccessAttempt``): they have no account to attach to.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from portal.headers import is_admin_path

User = get_user_model()

ACTIONS = {
    "portal.login": ("Đăng nhập", "Đăng nhập quản trị"),
    "portal.login_failed": ("Đăng nhập thất bại", "Đăng nhập quản trị thất bại"),
    "portal.logout": ("Đăng xuất", "Đăng xuất quản trị"),
    "portal.groups_changed": ("Đổi nhóm", "Đổi nhóm của tài khoản"),
    "portal.permissions_changed": ("Đổi quyền", "Đổi quyền"),
    "portal.privileges_changed": ("Đổi đặc quyền", "Đổi trạng thái hoặc quyền quản trị"),
    "portal.password_changed": ("Đổi mật khẩu", "Đổi mật khẩu"),
}
# Fields whose change is an escalation (or the end of one).
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "is_active")


def _client(request):
    from portal.clientaddr import client_address

    return {"ip": client_address(request)} if request is not None else {}


def _from_admin(request):
    return request is not None and is_admin_path(request.path_info)


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    if _from_admin(request):
        log(user, "portal.login", user=user, data=_client(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None and _from_admin(request):
        user = User._default_manager.get(pk=user.pk)  # not the request's lazy wrapper
        log(user, "portal.logout", user=user, data=_client(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(User.USERNAME_FIELD) or credentials.get("username")
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None:
        log(user, "portal.login_failed", user=None, data=_client(request))


def _restoring(instance):
    """Loading a serialized database (fixtures, the test runner's serialized rollback) sets
    many-to-many fields before the content types are back: nothing to audit then."""
    content_type = ContentType.objects.get_for_model(instance)
    return not ContentType.objects.filter(pk=content_type.pk).exists()


def _names(model, pks):
    field = "name" if model is Group else "codename"
    return sorted(model.objects.filter(pk__in=pks).values_list(field, flat=True))


def _m2m_logger(action_name, target_model):
    def changed(sender, instance, action, model, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear") or _restoring(instance):
            return
        if isinstance(instance, target_model):
            # Reverse side (group.user_set.add(user)): log on each user or group touched.
            objects = model.objects.filter(pk__in=pk_set or [])
            data = {"change": action[5:], "items": [str(instance)]}
            for obj in objects:
                log(obj, action_name, data=data)
            return
        data = {"change": action[5:], "items": _names(model, pk_set or [])}
        log(instance, action_name, data=data)

    return changed


m2m_changed.connect(
    _m2m_logger("portal.groups_changed", Group),
    sender=User.groups.through,
    dispatch_uid="audit-user-groups",
    weak=False,
)
m2m_changed.connect(
    _m2m_logger("portal.permissions_changed", Permission),
    sender=User.user_permissions.through,
    dispatch_uid="audit-user-permissions",
    weak=False,
)
m2m_changed.connect(
    _m2m_logger("portal.permissions_changed", Permission),
    sender=Group.permissions.through,
    dispatch_uid="audit-group-permissions",
    weak=False,
)


@receiver(pre_save, sender=User)
def remember_previous(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None and set(update_fields) == {"last_login"}:
        instance._audit_previous = None  # every login: nothing to compare
        return
    previous = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_previous = previous


@receiver(post_save, sender=User)
def user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_audit_previous", None)
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return
    if created or previous is None:
        if instance.is_superuser or instance.is_staff:
            log(instance, "portal.privileges_changed", data=_privileges(None, instance))
        return
    if any(getattr(previous, f) != getattr(instance, f) for f in PRIVILEGE_FIELDS):
        log(instance, "portal.privileges_changed", data=_privileges(previous, instance))
    if previous.password != instance.password:
        log(instance, "portal.password_changed")


def _privileges(previous, user):
    return {
        field: {"before": getattr(previous, field, None), "after": getattr(user, field)}
        for field in PRIVILEGE_FIELDS
    }


def _group_permission_logger(verb):
    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        target = getattr(instance, "page", None) or getattr(instance, "collection", None)
        log(
            instance.group,
            "portal.permissions_changed",
            data={
                "change": verb,
                "items": [instance.permission.codename],
                "on": str(target) if target is not None else "",
            },
        )

    return changed


for _model in (GroupPagePermission, GroupCollectionPermission):
    post_save.connect(
        _group_permission_logger("add"),
        sender=_model,
        dispatch_uid=f"audit-add-{_model}",
        weak=False,
    )
    post_delete.connect(
        _group_permission_logger("remove"),
        sender=_model,
        dispatch_uid=f"audit-rm-{_model}",
        weak=False,
    )
