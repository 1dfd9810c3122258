"""The base admin form of every portal page."""

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


class PortalPageForm(WagtailAdminPageForm):
    """Image and document fields accept only what the user may choose (their unit's collections
    and the shared one), so another unit's file cannot be attached by editing the id in a form.
    A file already on the page stays valid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        media = {get_image_model(), get_document_model()}
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model not in media:
                continue
            policy = policy_registry.get_by_type(model)
            queryset = field.queryset
            choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = queryset.filter(Q(pk__in=choosable.values("pk")) | Q(pk=current))

    def full_clean(self):
        """A chooser field refused (a forged or stale id) shows the saved value again beside its
        error: the chooser widget looks its value up by id, and a non-numeric one would crash
        the form's second rendering. An id too large for the database is refused the same way
        (SQLite cannot even bind it)."""
        for field in self.fields.values():
            if isinstance(field.widget, BaseChooser) and not hasattr(field, "_bounded"):
                field.to_python = _bounded_id(field)
                field._bounded = True
        super().full_clean()
        refused = [
            name
            for name in self._errors or {}
            if name in self.fields and isinstance(self.fields[name].widget, BaseChooser)
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                current = self.initial.get(name)
                self.data[self.add_prefix(name)] = "" if current is None else str(current)


def _bounded_id(field):
    to_python = field.to_python

    def checked(value):
        if value not in field.empty_values and not isinstance(value, Model):
            text = str(value).strip()
            if not (text.isascii() and text.isdigit() and int(text) < 2**63):
                raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
        return to_python(value)

    return checked
